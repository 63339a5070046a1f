import { insertIncident, updateIncident } from '../../src/db/incident-store.js';
import type { TestApp } from '../support/app-harness.js';

/** An open incident with its channel, made directly in the store (declaring is another issue's subject). */
export async function openIncident(app: TestApp, opts: { private?: boolean } = {}): Promise<{ number: number; channelId: string }> {
  const db = app.sitrep.ctx.db;
  const incident = await insertIncident(db, {
    title: 'Checkout is down',
    description: '',
    severity: 'sev2',
    private: opts.private ?? false,
    declarerId: 'UALICE',
    requestKey: null,
    declaredAt: new Date(),
    nextUpdateDueAt: new Date(Date.now() + 3_600_000),
  });
  const number = incident!.number;
  const channel = app.fake.addChannel({ name: `inc-${number}-checkout-is-down`, is_private: opts.private ?? false, members: ['UALICE'] });
  await updateIncident(db, number, { channelId: channel.id, channelName: channel.name, declareStep: 'announced' });
  return { number, channelId: channel.id };
}

/** The incident's timeline rows as stored, in time order. */
export async function entriesOf(app: TestApp, incidentNumber: number) {
  return app.sitrep.ctx.db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}
