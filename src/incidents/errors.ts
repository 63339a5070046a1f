import type { IncidentState, Role } from './types.js';

/**
 * Why the domain or a use case refused something, with what the sentence needs. No sentence here:
 * `src/slack/refusals.ts` turns each code into the one a person reads.
 */
export interface IncidentErrorData {
  not_an_incident_channel: Record<string, never>;
  incident_not_found: { incident: number };
  incident_being_declared: { incident: number };
  /** `action` is what was tried: an update, resolve, close, reopen, or a change of `what`. */
  illegal_transition: { incident: number; state: IncidentState; action: 'update' | 'resolve' | 'close' | 'reopen' | 'change'; what?: string };
  update_keeps_open: Record<string, never>;
  update_text_invalid: { maxLength: number };
  quick_declare_invalid: { problem: string };
  milestone_in_future: { at: Date; milestone: string; timeZone: string };
  role_holder_missing: { role: Role; cause: 'unnamed' | 'unknown' | 'deactivated' | 'left_empty'; userId?: string | undefined; current?: string | undefined };
  role_holder_is_bot: { role: Role; userId: string };
  followup_owner_invalid: { userId: string; cause: 'unknown' | 'deactivated' | 'bot' };
  followup_invalid: { problem: 'no_text' | 'bad_date' | 'too_long'; maxLength: number };
  followup_not_found: { key: string };
  /** `/incident page <target>` or a rule names a target that is not under paging.targets. */
  unknown_page_target: { target: string; known: string[] };
  /** A triage button on an alert group someone already decided (accepted, declined or merged). */
  triage_decided: { incident: number; state: IncidentState; by: string | null; mergedInto: number | null };
  /** Merge into… named an incident that is not open (or the group itself). */
  merge_target_not_open: { incident: number; target: number };
  /**
   * A change was stored, but telling people about it failed: the change stands. `pending`: the post
   * is still being tried (it follows once Slack takes it).
   */
  stored_not_posted: { incident: number; change: string; cause: unknown; pending?: boolean };
}
export type IncidentErrorCode = keyof IncidentErrorData;

export class IncidentError<C extends IncidentErrorCode = IncidentErrorCode> extends Error {
  constructor(
    readonly code: C,
    readonly data: IncidentErrorData[C],
    /** Set by a form checking several things at once: nothing was changed. */
    readonly nothingChanged = false,
  ) {
    super(code);
    this.name = 'IncidentError';
  }
}

export function isIncidentError<C extends IncidentErrorCode>(error: unknown, code: C): error is IncidentError<C> {
  return error instanceof IncidentError && error.code === code;
}
