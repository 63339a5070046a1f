/** Block Kit action and view ids: the contract between what we render and what we listen for. */
export const ACTIONS = {
  /** The card's Take button of a role: `take_role_<role id>`. */
  takeRole: (role: string) => `take_role_${role}`,
  assignRoles: 'open_roles_modal',
  postUpdate: 'open_update_modal',
  resolve: 'resolve_incident',
  /** The triage message of an alert group. */
  acceptAlerts: 'alerts_accept',
  declineAlerts: 'alerts_decline',
  mergeAlerts: 'alerts_merge',
  /** Under "All alerts resolved". */
  markMonitoring: 'alerts_mark_monitoring',
};

export const VIEWS = {
  declare: 'declare_incident',
  roles: 'assign_roles',
  update: 'post_update',
  page: 'page_target',
  declineAlerts: 'alerts_decline_reason',
  mergeAlerts: 'alerts_merge_into',
} as const;

/** Buttons carry the incident number as their value. */
export function incidentNumberFromValue(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}
