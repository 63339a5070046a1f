import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumePendingDeclarations } from '../../src/usecases/resume-pending-declarations.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { API_TOKEN, get, insertDeclared, seedIncidents, signIn, startWebApp } from './web-support.js';

describe.each(DATABASE_KINDS)('Pages, API and who sees a private incident (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof startWebApp>>;
  let seeded: Awaited<ReturnType<typeof seedIncidents>>;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    app = await startWebApp({}, kind);
    seeded = await seedIncidents(app);
    // The resume sweep runs at start and every minute: whenever it falls, it leaves the seeded
    // incidents alone (it once made the private one a room of its own, without UROOM in it).
    await resumePendingDeclarations(app.sitrep.ctx);
    for (const user of ['UALICE', 'UBOB', 'UROOM', 'UOUTSIDER']) cookies[user] = await signIn(app, user);
  });
  afterAll(async () => {
    await app.stop();
    await app.closeFake();
  });

  const page = async (user: string, path: string) => {
    const response = await get(`${app.baseUrl}${path}`, { cookie: cookies[user]! });
    return { status: response.status, text: await response.text() };
  };

  it('shows an outsider no trace of a private incident on any page or in any count', async () => {
    const key = `INC-${seeded.secret.number}`;
    const list = await page('UOUTSIDER', '/incidents');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`INC-${seeded.open.number}`);
    expect(list.text).not.toContain('payroll');
    expect(list.text).toContain('1 incident<');
    expect((await page('UOUTSIDER', '/incidents?q=payroll')).text).toContain('0 incidents');
    for (const path of [`/incidents/${key}`, `/incidents/${key}/retrospective`, `/incidents/${key}/retrospective.md`]) {
      const hidden = await page('UOUTSIDER', path);
      expect(hidden.status, path).toBe(404);
      expect(hidden.text).not.toContain('payroll');
    }
    // Hidden and missing look alike.
    expect((await page('UOUTSIDER', '/incidents/INC-999')).text).toBe((await page('UOUTSIDER', `/incidents/${key}`)).text);
    const insights = await page('UOUTSIDER', '/insights?months=24');
    expect(insights.text).toMatch(/id="total">1 incident declared/);
    expect(insights.text).not.toContain('SEV1: 1');
  });

  it('shows it to its declarer, a role holder and a member of its room', async () => {
    for (const user of ['UALICE', 'UBOB', 'UROOM']) {
      const list = await page(user, '/incidents');
      expect(list.text, user).toContain('Secret breach of payroll');
      expect(list.text, user).toContain('2 incidents');
      expect((await page(user, `/incidents/INC-${seeded.secret.number}`)).status, user).toBe(200);
      expect((await page(user, '/insights?months=24')).text, user).toMatch(/id="total">2 incidents declared/);
    }
    // Each reader's private channels were asked of Slack once and kept; no room was asked for its members.
    for (const user of ['UALICE', 'UBOB', 'UROOM']) expect(app.fake.callsTo('users.conversations').filter((c) => c.args.user === user).length, user).toBe(1);
    expect(app.fake.callsTo('conversations.members')).toEqual([]);
    expect(app.fake.callsTo('conversations.create')).toEqual([]);
  });

  it('renders the whole story escaped: people\'s text is never HTML', async () => {
    const story = await page('UOUTSIDER', `/incidents/INC-${seeded.open.number}`);
    expect(story.status).toBe(200);
    expect(story.text).toContain('Checkout is slow &lt;b&gt;bold&lt;/b&gt;');
    expect(story.text).not.toContain('<script>');
    expect(story.text).toContain('DB latency up &lt;script&gt;alert(1)&lt;/script&gt;');
    // A link from an alert is a link only when it is a web address.
    expect(story.text).toContain('href="https://grafana.example.com/d/checkout"');
    expect(story.text).not.toContain('javascript:');
    expect(story.text).toMatch(/class="replies"><ol><li[^>]*>.*rolled back the deploy/s);
    expect(story.text).toContain('id="key-events"');
    expect(story.text).toContain('We are on it');
    expect(story.text).toContain('<th>Resolved</th>');

    const retro = await page('UOUTSIDER', `/incidents/INC-${seeded.open.number}/retrospective`);
    expect(retro.text).toContain('<h1>INC-1 retrospective</h1>');
    expect(retro.text).toContain('What went &lt;i&gt;well&lt;/i&gt;');
    expect(retro.text).toContain('<table>');
    const md = await get(`${app.baseUrl}/incidents/INC-${seeded.open.number}/retrospective.md`, { cookie: cookies.UOUTSIDER! });
    expect(md.headers.get('content-disposition')).toBe(`attachment; filename="inc-${seeded.open.number}-retrospective.md"`);
    expect(await md.text()).toContain('What went <i>well</i>');
  });

  it('answers the API with a token (401 without), private incidents left out', async () => {
    const api = (path: string, token?: string) => get(`${app.baseUrl}${path}`, token ? { authorization: `Bearer ${token}` } : {});
    expect((await api('/api/v1/incidents')).status).toBe(401);
    expect((await api('/api/v1/incidents', 'wrong')).status).toBe(401);

    const list = await api('/api/v1/incidents', API_TOKEN);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { incidents: { key: string; declared_at: string }[]; total: number; next_page: number | null };
    expect(body.total).toBe(1);
    expect(body.incidents.map((i) => i.key)).toEqual([`INC-${seeded.open.number}`]);
    expect(body.incidents[0]!.declared_at).toBe('2026-11-02T10:00:00.000Z');
    expect(body.next_page).toBeNull();

    expect((await api(`/api/v1/incidents/INC-${seeded.secret.number}`, API_TOKEN)).status).toBe(404);
    expect((await api(`/api/v1/incidents/INC-${seeded.secret.number}/timeline`, API_TOKEN)).status).toBe(404);
    const one = (await (await api(`/api/v1/incidents/INC-${seeded.open.number}`, API_TOKEN)).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ key: `INC-${seeded.open.number}`, state: 'resolved', severity: 'sev2', resolved_at: '2026-11-02T11:00:00.000Z' });
    const timeline = (await (await api(`/api/v1/incidents/INC-${seeded.open.number}/timeline`, API_TOKEN)).json()) as { entries: { text: string; key_event: boolean; occurred_at: string }[] };
    expect(timeline.entries.map((e) => [e.occurred_at, e.key_event])).toEqual([
      ['2026-11-02T10:01:00.000Z', true],
      ['2026-11-02T10:02:00.000Z', false],
    ]);
    expect((await api('/api/v1/incidents?state=open', API_TOKEN).then((r) => r.json())) as { total: number }).toMatchObject({ total: 0 });
    expect((await api('/api/v1/incidents?since=yesterday-ish', API_TOKEN)).status).toBe(400);
  });
});

describe('API with API_INCLUDE_PRIVATE=true', () => {
  it('lists private incidents too', async () => {
    const app = await startWebApp({ API_INCLUDE_PRIVATE: 'true' });
    try {
      const seeded = await seedIncidents(app);
      const body = (await (await get(`${app.baseUrl}/api/v1/incidents`, { authorization: `Bearer ${API_TOKEN}` })).json()) as { total: number; incidents: { key: string; private: boolean }[] };
      expect(body.total).toBe(2);
      expect(body.incidents[0]).toMatchObject({ key: `INC-${seeded.secret.number}`, private: true });
    } finally {
      await app.stop();
      await app.closeFake();
    }
  });
});

describe.each(DATABASE_KINDS)('Many private incidents (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof startWebApp>>;
  const rooms: string[] = [];
  beforeAll(async () => {
    app = await startWebApp({}, kind);
    const db = app.sitrep.database.db;
    // 40 private incidents, each with a room of its own; UMEMBER is in every fourth room.
    for (let n = 0; n < 40; n++) {
      const room = app.fake.addChannel({ name: `inc-private-${n}`, is_private: true, members: n % 4 === 0 ? ['UDECLARER', 'UMEMBER'] : ['UDECLARER'] });
      rooms.push(room.id);
      const at = new Date(Date.UTC(2026, 10, 1 + (n % 20), 10));
      await insertDeclared(db, { title: `Private matter ${n}`, description: '', severity: 'sev2', private: true, declarerId: 'UDECLARER', requestKey: null, declaredAt: at, nextUpdateDueAt: at }, { id: room.id, name: `inc-private-${n}` });
    }
  });
  afterAll(async () => {
    await app.stop();
    await app.closeFake();
  });

  it('costs a reader one Slack call for every page, however many private incidents there are', async () => {
    const cookie = await signIn(app, 'UMEMBER');
    const list = await get(`${app.baseUrl}/incidents`, { cookie });
    const text = await list.text();
    expect(text).toContain('10 incidents<');
    expect(text).toContain('Private matter 36');
    expect(text).not.toContain('Private matter 37');
    expect(await (await get(`${app.baseUrl}/insights?months=24`, { cookie })).text()).toMatch(/id="total">10 incidents declared/);
    expect((await get(`${app.baseUrl}/incidents?page=1&state=investigating`, { cookie })).status).toBe(200);
    expect(app.fake.callsTo('users.conversations').map((c) => c.args.user)).toEqual(['UMEMBER']);
    expect(app.fake.callsTo('conversations.members')).toEqual([]);
  });

  it('leaves out what only Slack can tell when Slack cannot say, says so, and shows it once Slack answers', async () => {
    const cookie = await signIn(app, 'UOTHERMEMBER');
    for (const id of rooms.slice(0, 3)) app.fake.getChannel(id)!.members.add('UOTHERMEMBER');
    app.fake.failNext('users.conversations', { error: 'missing_scope' });
    const failed = await (await get(`${app.baseUrl}/incidents`, { cookie })).text();
    expect(failed).toContain('0 incidents<');
    expect(failed).toContain('id="rooms-unknown"');
    expect(failed).not.toContain('Private matter');
    // The failure was not kept: the next page asks again and shows the member their incidents.
    const insights = await (await get(`${app.baseUrl}/insights?months=24`, { cookie })).text();
    expect(insights).toMatch(/id="total">3 incidents declared/);
    expect(insights).not.toContain('id="rooms-unknown"');
    const list = await (await get(`${app.baseUrl}/incidents`, { cookie })).text();
    expect(list).toContain('3 incidents<');
    expect(list).not.toContain('id="rooms-unknown"');
    expect(app.fake.callsTo('users.conversations').filter((c) => c.args.user === 'UOTHERMEMBER').length).toBe(2);
  });

  it('tells an outsider the same on a missing incident and a hidden one while Slack cannot say', async () => {
    const cookie = await signIn(app, 'UNOBODY');
    app.fake.failNext('users.conversations', { error: 'missing_scope' });
    const missing = await get(`${app.baseUrl}/incidents/INC-999`, { cookie });
    expect(missing.status).toBe(404);
    const missingText = await missing.text();
    expect(missingText).toContain('id="rooms-unknown"');
    app.fake.failNext('users.conversations', { error: 'missing_scope' });
    const hidden = await get(`${app.baseUrl}/incidents/INC-1`, { cookie });
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toBe(missingText);
  });
});
