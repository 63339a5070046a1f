// Helpers shared by the declare suites: an app with an announcements channel, a quick declare that
// waits for its answer, and reads of what was stored.
import { sql } from 'kysely';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import type { DatabaseKind } from '../support/databases.js';
import type { CommandOptions } from '../support/slack-requests.js';

export const INCIDENTS_CHANNEL = 'C0INCIDENTS';

export async function startDeclareApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const app = await startTestApp(kind, { env: { INCIDENTS_CHANNEL, ...env } });
  app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  return app;
}

/**
 * `/incident <text>`, then the ephemeral answer it sends to its response_url, then the declarations'
 * follow-ups (invite, topic, card, announcement: effects that run after the answer) finished.
 */
export async function runCommand(app: TestApp, text: string, opts: CommandOptions = {}) {
  const reply = await app.slack.command(text, opts);
  const answer = await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 10_000);
  await declarationsSettled(app);
  return { reply, answer: answer.args as { response_type?: string; text: string } };
}

/** Waits until no declaration owes a follow-up still to run (done, or given up and reported). */
export async function declarationsSettled(app: TestApp): Promise<void> {
  await eventually(async () => {
    const waiting = await app.sitrep.ctx.db.selectFrom('effects').select('id').where('kind', 'like', 'declaration.%').where('state', '=', 'pending').executeTakeFirst();
    return waiting === undefined;
  }, 10_000, 'the declarations to finish');
}

export async function incidentRow(app: TestApp, number: number) {
  return app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
}

export async function incidentRowByChannel(app: TestApp, channelId: string) {
  return app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('channel_id', '=', channelId).executeTakeFirstOrThrow();
}

/** The number the next incident will get from the sequence. */
export async function nextIncidentNumber(app: TestApp): Promise<number> {
  const { rows } = await sql<{ last_value: string; is_called: boolean }>`select last_value, is_called from incident_number_seq`.execute(app.sitrep.ctx.db);
  const row = rows[0]!;
  return Number(row.last_value) + (row.is_called ? 1 : 0);
}

/** The channel the last conversations.create made. */
export function createdChannel(app: TestApp): { id: string; name: string } {
  const created = app.fake.callsTo('conversations.create').filter((c) => c.response?.ok).at(-1);
  if (!created) throw new Error('no channel was created');
  return { id: created.response.channel.id, name: created.response.channel.name };
}

// The timeline reconciliation job may read channel history at any five-minute mark; declaring never does.
const BACKGROUND_READS = new Set(['conversations.history', 'conversations.replies']);

/** Web API calls made by what the test did: no response_url posts, no background history reads. */
export function webApiCalls(app: TestApp) {
  return app.fake.calls.filter((c) => c.method !== 'response_url' && !BACKGROUND_READS.has(c.method));
}
