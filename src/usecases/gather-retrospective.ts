import { checklistOf } from '../db/checklist-store.js';
import { incidentChannelNames } from '../db/incident-store.js';
import { followupsOf } from '../db/followup-store.js';
import { countSentNudges } from '../db/nudge-store.js';
import { roleHistory } from '../db/role-store.js';
import { sourceAlertsOf } from '../db/source-alert-store.js';
import { listStatusUpdates } from '../db/status-update-store.js';
import { listTimelineEntries } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import type { RetrospectiveInput } from '../incidents/retrospective/input.js';
import { channelsLinkedIn, usersNamedIn } from '../incidents/retrospective/references.js';
import type { UseCaseContext } from './context.js';

// Person lookups are rate limited (Slack's users.info is Tier 4): a few at a time, cached by the gateway.
const NAME_LOOKUPS_AT_ONCE = 8;
// A slow workspace delays the close by this much at most; names not known by then fall back.
const NAMES_WAIT_MS = 5_000;

/** Everything the retrospective of `incident` is written from, as of `now`, but its version. */
export async function gatherRetrospective(ctx: UseCaseContext, incident: Incident, now: Date): Promise<Omit<RetrospectiveInput, 'version'>> {
  const [roles, timeline, statusUpdates, nudgeCount, checklist, followups, alerts] = await Promise.all([
    roleHistory(ctx.db, incident.number),
    listTimelineEntries(ctx.db, incident.number),
    listStatusUpdates(ctx.db, incident.number),
    countSentNudges(ctx.db, incident.number),
    checklistOf(ctx.db, incident.number),
    followupsOf(ctx.db, incident.number),
    sourceAlertsOf(ctx.db, incident.number),
  ]);
  const record = { incident, roleHistory: roles, timeline, statusUpdates };
  const [userNames, linkedChannels] = await Promise.all([
    namesOf(ctx, [...new Set([...usersNamedIn(record), ...checklist.flatMap((item) => (item.doneBy ? [item.doneBy] : [])), ...followups.map((f) => f.ownerId)])]),
    incidentChannelNames(ctx.db, channelsLinkedIn(record)),
  ]);
  const channelNames = incident.channelId && incident.channelName ? { ...linkedChannels, [incident.channelId]: incident.channelName } : linkedChannels;
  return { ...record, checklist, followups, alerts, nudgeCount, userNames, channelNames, timeZone: ctx.config.timezone, policy: ctx.policy, now };
}

/**
 * People's names as the workspace shows them. A name it will not give is left out: the writer then
 * uses the name stored with their messages, else the id. A draft never fails for a name.
 */
async function namesOf(ctx: UseCaseContext, userIds: readonly string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  const queue = [...userIds];
  const lookUp = async () => {
    for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
      try {
        const person = await ctx.workspace.person(userId);
        if (person.name) names[userId] = person.name;
      } catch (error) {
        ctx.logger.debug({ err: error, user: userId }, 'name unavailable for the retrospective');
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, NAMES_WAIT_MS);
  });
  await Promise.race([Promise.all(Array.from({ length: Math.min(NAME_LOOKUPS_AT_ONCE, queue.length) }, lookUp)), giveUp]);
  clearTimeout(timer);
  queue.length = 0;
  return { ...names };
}
