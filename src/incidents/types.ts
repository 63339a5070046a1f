/** The vocabulary of an incident: shared by the domain, the store and the Slack edge. */

/** A severity's id, as the incident policy defines it (src/incidents/policy.ts). */
export type Severity = string;

// `triage` (an alert group waiting for a person) and `declined` (not an incident after all) are never announced, nudged, listed or counted.
export const INCIDENT_STATES = ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'declined'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** States an incident is being worked in: nudged, listed, recorded. */
export const OPEN_STATES = ['investigating', 'identified', 'monitoring'] as const satisfies readonly IncidentState[];
export type OpenState = (typeof OPEN_STATES)[number];

/** A role's id, as the incident policy defines it (src/incidents/policy.ts). */
export type Role = string;

export const MILESTONES = ['impact-started', 'detected', 'mitigated'] as const;
export type Milestone = (typeof MILESTONES)[number];

/**
 * Every kind of timeline entry. `message` is something a person said in the channel;
 * the rest are system entries recording what Sitrep did.
 */
export const TIMELINE_KINDS = [
  'message',
  'declared',
  'role_assigned',
  'role_handoff',
  'severity_changed',
  'state_changed',
  'status_update',
  'nudge',
  'resolved',
  'reopened',
  'closed',
  'milestone',
  'checklist_ticked',
  'checklist_unticked',
  'rule_ran',
  'page',
  'followup',
  'alert_fired',
  'alert_refired',
  'alert_resolved',
  'alert',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Declaring is a resumable sequence recorded on the incident row: `reserved` (a name held), then
 * `announced` once the room exists and its invite, topic, card and announcement are owed as effects
 * (the name is historical). The steps between are what older versions recorded one at a time.
 */
export const DECLARE_STEPS = ['reserved', 'created', 'invited', 'topic_set', 'card_posted', 'announced'] as const;
export type DeclareStep = (typeof DECLARE_STEPS)[number];

export function incidentKey(number: number): string {
  return `INC-${number}`;
}

export function isOpenState(state: IncidentState): state is OpenState {
  return (OPEN_STATES as readonly IncidentState[]).includes(state);
}
