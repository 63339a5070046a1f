// Helpers shared by the responder suites (roles, updates, severity, resolve, info, list, App Home):
// an app with an announcements channel, a real declared incident, its card, and reads of what was stored.
import { declarationDone } from '../support/declaration-done.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import type { DatabaseKind } from '../support/databases.js';
import { checkboxes, plainText, staticSelect } from '../support/slack-requests.js';

export const INCIDENTS_CHANNEL = 'C0INCIDENTS';

export async function startResponderApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const app = await startTestApp(kind, { env: { INCIDENTS_CHANNEL, ...env } });
  app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  app.fake.addChannel({ id: 'C0GENERAL', name: 'general' });
  return app;
}

export interface DeclaredIncident {
  number: number;
  channelId: string;
  cardTs: string;
  announcementTs: string;
}

/** The incident a request declared, once every declare step is done. */
async function declaredBy(app: TestApp, requestKey: string): Promise<DeclaredIncident> {
  const row = await eventually(
    async () => {
      const read = () => app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
      // Read again once done: the row read first may predate the card's ts.
      return (await declarationDone(app.sitrep.ctx.db, await read())) ? read() : undefined;
    },
    10_000,
    'the declaration to finish',
  );
  return { number: row.number, channelId: row.channel_id!, cardTs: row.card_ts!, announcementTs: row.announcement_ts! };
}

/** `/incident declare sev2 Checkout failing` (or other words), as a responder types it. */
export async function declare(app: TestApp, text = 'declare sev2 Checkout failing', userId = 'UALICE'): Promise<DeclaredIncident> {
  const reply = await app.slack.command(text, { userId });
  await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 10_000);
  return declaredBy(app, reply.triggerId);
}

/** A private incident, declared through the declare form with its private box ticked. */
export async function declarePrivate(app: TestApp, title: string, userId: string, severity = 'sev1'): Promise<DeclaredIncident> {
  const reply = await app.slack.command('declare', { userId });
  const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === reply.triggerId);
  const viewId: string = opened.response.view.id;
  await app.slack.viewSubmission(
    app.fake.views.get(viewId),
    {
      declare_title: { title: plainText(title) },
      declare_severity: { severity: staticSelect(severity) },
      declare_private: { private: checkboxes(['private']) },
    },
    { userId },
  );
  return declaredBy(app, viewId);
}

/** The pinned card as Slack holds it now (blocks as last updated), ready for clickButton. */
export function card(app: TestApp, incident: DeclaredIncident) {
  const message = app.fake.findMessage(incident.channelId, incident.cardTs);
  if (!message) throw new Error(`no card ${incident.cardTs} in ${incident.channelId}`);
  return message;
}

/** The card as first posted: found among the recorded chat.postMessage calls to the incident channel. */
export function postedCard(app: TestApp, incident: DeclaredIncident) {
  const call = app.fake
    .callsTo('chat.postMessage')
    .find((c) => c.args.channel === incident.channelId && JSON.stringify(c.args.blocks ?? []).includes('take_role_commander'));
  if (!call) throw new Error(`no card was posted to ${incident.channelId}`);
  return { ...call.args, channel: incident.channelId, ts: call.response.ts as string, blocks: call.args.blocks as any[] };
}

/** `/incident <text>` typed in the incident's channel. */
export function commandIn(app: TestApp, incident: DeclaredIncident, text: string, userId = 'UALICE') {
  return app.slack.command(text, { userId, channelId: incident.channelId });
}

/** `/incident <text>` and the ephemeral answer it sends to its response_url. */
export async function answerTo(app: TestApp, text: string, opts: { userId?: string; channelId?: string }) {
  const reply = await app.slack.command(text, opts);
  const answer = await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 10_000);
  return answer.args as { response_type?: string; text: string; blocks?: any[]; replace_original?: boolean };
}

/** What Sitrep posted in a channel, once a post whose text matches has been made. */
export async function postIn(app: TestApp, channel: string, text: RegExp, timeoutMs = 15_000) {
  const call = await app.fake.waitFor('chat.postMessage', (a) => a.channel === channel && text.test(String(a.text ?? '')), timeoutMs);
  return { args: call.args, ts: call.response?.ts as string };
}

/** Waits until the incident's topic matches, i.e. its views were re-rendered after a change. */
export async function topicMatching(app: TestApp, incident: DeclaredIncident, topic: RegExp): Promise<string> {
  return eventually(() => {
    const value = app.fake.getChannel(incident.channelId)!.topic.value;
    return topic.test(value) ? value : undefined;
  }, 10_000, `topic ${topic}`);
}

export async function incidentRow(app: TestApp, number: number) {
  return app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
}

export async function timelineOf(app: TestApp, number: number) {
  return app.sitrep.ctx.db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('incident_number', '=', number)
    .where('kind', '<>', 'message')
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export async function roleRows(app: TestApp, number: number) {
  return app.sitrep.ctx.db.selectFrom('role_assignments').selectAll().where('incident_number', '=', number).orderBy('id').execute();
}

/** The card's text and blocks, flattened, for "does it show X" checks. */
export function cardText(app: TestApp, incident: DeclaredIncident): string {
  return JSON.stringify(card(app, incident).blocks);
}

/** The role assignments once there are `count` of them (posts come before the rows are committed). */
export async function roleRowsOnce(app: TestApp, number: number, count: number) {
  return eventually(async () => {
    const rows = await roleRows(app, number);
    return rows.length === count ? rows : undefined;
  }, 10_000, `${count} role assignments`);
}

// A change people are told about is stored first, then linked to the message that told them.
const POSTED_KINDS = new Set(['status_update', 'severity_changed', 'resolved', 'reopened', 'role_assigned', 'role_handoff']);

/** The system entries once one of `kind` is there (and, for a change posted in the channel, linked to its post). */
export async function timelineWith(app: TestApp, number: number, kind: string, count = 1) {
  return eventually(async () => {
    const entries = await timelineOf(app, number);
    const done = entries.filter((e) => e.kind === kind && (!POSTED_KINDS.has(kind) || e.message_ts !== null));
    return done.length >= count ? entries : undefined;
  }, 10_000, `${count} ${kind} entries`);
}
