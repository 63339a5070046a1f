/** Block Kit action and view ids: the contract between what we render and what we listen for. */
export const ACTIONS = {
  takeRole: { commander: 'take_role_commander', comms: 'take_role_comms', ops: 'take_role_ops' },
  assignRoles: 'open_roles_modal',
  postUpdate: 'open_update_modal',
  resolve: 'resolve_incident',
} as const;

export const VIEWS = {
  declare: 'declare_incident',
  roles: 'assign_roles',
  update: 'post_update',
} as const;

/** Buttons carry the incident number as their value. */
export function incidentNumberFromValue(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}
