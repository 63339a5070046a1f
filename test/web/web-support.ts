import { upsertAlerts } from '../../src/db/alert-store.js';
import { insertFollowup } from '../../src/db/followup-store.js';
import type { Db } from '../../src/db/database.js';
import { insertIncident, type NewIncident } from '../../src/db/incident-store.js';
import type { Incident } from '../../src/incidents/incident.js';
import { recordPage } from '../../src/db/page-store.js';
import { recordRoleAssignment } from '../../src/db/role-store.js';
import { type TestApp, startTestApp } from '../support/app-harness.js';
import type { DatabaseKind } from '../support/databases.js';
import { FakeSlack } from '../support/fake-slack.js';

export const PUBLIC_URL = 'http://sitrep.test';
export const API_TOKEN = 'api-token-for-tests-0123';

/** The app with the web pages on, Slack's authorize page served by the fake. */
export async function startWebApp(env: Record<string, string> = {}, kind: DatabaseKind = 'pglite'): Promise<TestApp & { closeFake(): Promise<void> }> {
  const fake = await FakeSlack.start();
  const app = await startTestApp(kind, {
    fake,
    env: {
      PUBLIC_URL,
      SLACK_CLIENT_ID: fake.oidc.clientId,
      SLACK_CLIENT_SECRET: fake.oidc.clientSecret,
      SLACK_OAUTH_URL: fake.baseUrl,
      API_TOKENS: `other-token,${API_TOKEN}`,
      ...env,
    },
  });
  return Object.assign(app, { closeFake: () => fake.close() });
}

/** What the browser would see: no redirects followed. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers });
}

/** The app's own URL for a location under PUBLIC_URL or a relative one. */
export function onApp(app: TestApp, location: string): string {
  return location.startsWith(PUBLIC_URL) ? app.baseUrl + location.slice(PUBLIC_URL.length) : new URL(location, app.baseUrl).toString();
}

/** Signs in as `userId` the way a browser does; returns the session cookie. */
export async function signIn(app: TestApp, userId: string): Promise<string> {
  app.fake.oidc.signInAs = { userId, name: `Person ${userId}` };
  const login = await get(`${app.baseUrl}/login?next=%2Fincidents`);
  const authorize = await get(login.headers.get('location')!);
  const callback = await get(onApp(app, authorize.headers.get('location')!));
  const cookie = callback.headers.get('set-cookie');
  if (callback.status !== 302 || !cookie) throw new Error(`sign-in failed: ${callback.status} ${await callback.text()}`);
  return cookie.split(';')[0]!;
}

/**
 * An incident stored as a declaration already finished, in one transaction: a row seen between
 * insert and finish is a declaration part-way to the app's resume sweep (at start and every minute),
 * which would make it a room of its own, moving it out of the room a test gave it.
 */
export function insertDeclared(db: Db, incident: NewIncident, channel?: { id: string; name: string }): Promise<Incident> {
  return db.transaction().execute(async (trx) => {
    const row = (await insertIncident(trx, incident))!;
    await trx.updateTable('incidents').set({ declare_step: 'announced', ...(channel ? { channel_id: channel.id, channel_name: channel.name } : {}) }).where('number', '=', row.number).execute();
    return row;
  });
}

/**
 * A public and a private incident; the private one's room has UROOM in it, UALICE declared it, UBOB
 * holds a role. The public one has a thread, a key event, an update, an alert, a page, a follow-up and
 * a retrospective. Slack names UALICE "Alice Example" and UBOB "Bob Builder".
 */
export async function seedIncidents(app: TestApp) {
  const db = app.sitrep.database.db;
  app.fake.addUser({ id: 'UALICE', name: 'alice', real_name: 'Alice Example' });
  app.fake.addUser({ id: 'UBOB', name: 'bob', real_name: 'Bob Builder' });
  const room = app.fake.addChannel({ name: 'inc-2-secret', is_private: true, members: ['UALICE', 'UROOM'] });
  const at = new Date('2026-11-02T10:00:00Z');
  const base = { description: '', severity: 'sev2', requestKey: null, declaredAt: at, nextUpdateDueAt: new Date(at.getTime() + 1_800_000) };
  const declared = (incident: Parameters<typeof insertIncident>[1], channel?: { id: string; name: string }) => insertDeclared(db, incident, channel);
  const open = await declared({ ...base, title: 'Checkout is slow <b>bold</b>', private: false, declarerId: 'UALICE' });
  const secret = await declared({ ...base, title: 'Secret breach of payroll', severity: 'sev1', private: true, declarerId: 'UALICE' }, { id: room.id, name: 'inc-2-secret' });
  await recordRoleAssignment(db, secret.number, { role: 'comms', userId: 'UBOB', previousUserId: null, assignedBy: 'UALICE', assignedAt: at });
  await db
    .insertInto('timeline_entries')
    .values({ incident_number: open.number, kind: 'message', author_id: 'UALICE', text: 'DB latency up &lt;script&gt;alert(1)&lt;/script&gt;', files: '[]', data: '{}', occurred_at: new Date(at.getTime() + 60_000), key_event: true, channel_id: 'C0PUB', message_ts: '1700000000.000100', thread_ts: '1700000000.000100' })
    .execute();
  await db
    .insertInto('timeline_entries')
    .values({ incident_number: open.number, kind: 'message', author_id: 'UBOB', text: 'rolled back the deploy', files: '[]', data: '{}', occurred_at: new Date(at.getTime() + 120_000), channel_id: 'C0PUB', message_ts: '1700000000.000200', thread_ts: '1700000000.000100' })
    .execute();
  await db.insertInto('status_updates').values({ incident_number: open.number, author_id: 'UALICE', text: 'We are on it', state: 'identified', posted_at: new Date(at.getTime() + 300_000), next_update_due_at: new Date(at.getTime() + 2_100_000) }).execute();
  await db.updateTable('incidents').set({ resolved_at: new Date(at.getTime() + 3_600_000), state: 'resolved' }).where('number', '=', open.number).execute();
  await upsertAlerts(db, open.number, [
    {
      fingerprint: 'fp1',
      status: 'firing',
      labels: { alertname: 'CheckoutLatencyHigh' },
      annotations: { summary: 'p99 over 2s' },
      startsAt: at,
      endsAt: undefined,
      links: [
        { name: 'Grafana', url: 'https://grafana.example.com/d/checkout' },
        { name: 'Sneaky', url: 'javascript:alert(1)' },
      ],
    },
  ], at);
  await recordPage(db, { incidentNumber: open.number, target: 'payments-oncall', provider: 'pagerduty', dedupKey: 'sitrep-1-payments', message: null, urgency: 'high', by: 'UALICE', now: at });
  await insertFollowup(db, { incidentNumber: open.number, text: 'Alert on checkout p99', ownerId: 'UBOB', dueDate: '2026-12-01', createdBy: 'UALICE', createdAt: at, sourceLink: null });
  await db.insertInto('retrospectives').values({ incident_number: open.number, version: 1, markdown: '# INC-1 retrospective\n\n- What went <i>well</i>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n', created_by: 'UALICE' }).execute();
  return { open, secret, room };
}
