import type { IncidentState } from './types.js';

/** What an organisation's rule reacts to: one kind of change to an incident. */
export const RULE_EVENTS = [
  'declared',
  'severity_raised',
  'severity_changed',
  'state_changed',
  'role_assigned',
  'resolved',
  'closed',
  'reopened',
] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** Which incidents a rule is for; every filter given must match. */
export interface RuleFilter {
  severity?: string[] | undefined;
  type?: string[] | undefined;
  state?: IncidentState[] | undefined;
  private?: boolean | undefined;
}

export type RuleAction =
  | { invite: string[] }
  | { notify: { channel: string; text: string } }
  | { post: string }
  | { bookmark: { title: string; url: string } }
  | { checklist: string[] }
  | { page: { target: string } };

export interface IncidentRule {
  name: string;
  when: RuleFilter & { event: RuleEvent };
  actions: RuleAction[];
}

/** The incident as the filters see it, after the change. */
export interface RuleSubject {
  severity: string;
  type: string | null;
  state: IncidentState;
  private: boolean;
}

/**
 * The rules a change triggers, in the file's order. `events` are all the events the change is (a
 * severity raised is also a severity changed).
 */
export function rulesTriggered(rules: readonly IncidentRule[], events: readonly RuleEvent[], subject: RuleSubject): IncidentRule[] {
  return rules.filter((rule) => events.includes(rule.when.event) && matches(rule.when, subject));
}

function matches(filter: RuleFilter, subject: RuleSubject): boolean {
  if (filter.severity && !filter.severity.includes(subject.severity)) return false;
  if (filter.type && (subject.type === null || !filter.type.includes(subject.type))) return false;
  if (filter.state && !filter.state.includes(subject.state)) return false;
  if (filter.private !== undefined && filter.private !== subject.private) return false;
  return true;
}

/**
 * The events a severity change is: always `severity_changed`, and `severity_raised` when the new
 * severity is more severe (earlier in the process's order) than the old.
 */
export function severityChangeEvents(order: readonly string[], from: string, to: string): RuleEvent[] {
  if (from === to) return [];
  const raised = order.indexOf(to) !== -1 && (order.indexOf(from) === -1 || order.indexOf(to) < order.indexOf(from));
  return raised ? ['severity_changed', 'severity_raised'] : ['severity_changed'];
}

/**
 * A rule runs once per incident and triggering change: the change is named by what stored it (its
 * timeline entry), so a retried request, a second replica or a restart finds the same key.
 */
export function ruleRunKey(rule: Pick<IncidentRule, 'name'>, incidentNumber: number, changeId: string): string {
  return `rule:${rule.name}:${incidentNumber}:${changeId}`;
}
