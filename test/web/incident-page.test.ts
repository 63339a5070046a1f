// An incident page as people read it: a long timeline a window at a time with its threads whole,
// people by their Slack names, the words filter of the list, and the API's timeline in pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/databases.js';
import { API_TOKEN, get, insertDeclared, signIn, startWebApp } from './web-support.js';

const ENTRIES = 250;
const at = new Date('2026-11-02T10:00:00Z');
const ts = (i: number) => `1700000000.${String(i).padStart(6, '0')}`;

describe.each(DATABASE_KINDS)('An incident page and the list (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof startWebApp>>;
  let cookie: string;
  let number: number;

  const page = async (path: string) => {
    const response = await get(`${app.baseUrl}${path}`, { cookie });
    return { status: response.status, text: await response.text() };
  };
  const timelineOf = (html: string) => html.slice(html.indexOf('<section id="timeline">'));
  const keyEventsOf = (html: string) => html.slice(html.indexOf('<section id="key-events">'), html.indexOf('<section id="timeline">'));
  const shows = (html: string, i: number) => html.includes(`<div class="text">Entry ${i}</div>`);
  const link = (html: string, rel: 'prev' | 'next') => new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(html)?.[1];
  /** The replies folded under entry `i`'s message (they follow its line). */
  const repliesUnder = (html: string, i: number) => {
    const rest = html.slice(html.indexOf(`<div class="text">Entry ${i}</div>`));
    const next = rest.slice(rest.indexOf('</li>') + '</li>'.length);
    return next.startsWith('<li class="replies">') ? next.slice(0, next.indexOf('</ol></li>')) : '';
  };

  beforeAll(async () => {
    app = await startWebApp({}, kind);
    app.fake.addUser({ id: 'UALICE', name: 'alice', real_name: 'Alice Example' });
    app.fake.addUser({ id: 'UBOB', name: 'bob', real_name: 'Bob Builder' });
    const db = app.sitrep.database.db;
    const base = { description: '', severity: 'sev2', requestKey: null, declaredAt: at, nextUpdateDueAt: new Date(at.getTime() + 1_800_000), private: false };
    number = (await insertDeclared(db, { ...base, title: 'Checkout latency', declarerId: 'UALICE' })).number;
    await insertDeclared(db, { ...base, title: 'Payroll export failed', description: 'The checkout of the payroll batch broke', declarerId: 'UBOB' });
    await insertDeclared(db, { ...base, title: 'Login errors', declarerId: 'UBOB' });
    // Entry 96 and 150 reply to 95 (150 lies past the first window), 160 replies to a message never
    // stored, 30 is deleted, 240 is a key event; 5 is by someone Slack cannot name.
    const threadOf = (i: number) => (i === 96 || i === 150 ? ts(95) : i === 160 ? '1600000000.000001' : ts(i));
    await db
      .insertInto('timeline_entries')
      .values(
        Array.from({ length: ENTRIES }, (_, n) => {
          const i = n + 1;
          return {
            incident_number: number,
            kind: 'message' as const,
            author_id: i === 5 ? 'X1' : i % 3 === 0 ? 'UALICE' : 'UBOB',
            text: i === 7 ? 'paging <@UALICE> now' : `Entry ${i}`,
            files: '[]',
            data: '{}',
            occurred_at: new Date(at.getTime() + i * 1000),
            channel_id: 'C0PUB',
            message_ts: ts(i),
            thread_ts: threadOf(i),
            key_event: i === 240,
            deleted_at: i === 30 ? new Date(at.getTime() + 100_000) : null,
          };
        }),
      )
      .execute();
    cookie = await signIn(app, 'UBOB');
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await app?.closeFake();
  });

  it('shows the first window of a long timeline, each thread whole under its message, and every key event', async () => {
    const { status, text } = await page(`/incidents/INC-${number}`);
    expect(status).toBe(200);
    const timeline = timelineOf(text);
    // 100 entries: 1 to 101 without the deleted 30.
    expect([1, 29, 31, 95, 101].every((i) => shows(timeline, i))).toBe(true);
    expect(shows(timeline, 30)).toBe(false);
    expect(shows(timeline, 102)).toBe(false);
    const replies = repliesUnder(timeline, 95);
    expect(shows(replies, 96) && shows(replies, 150)).toBe(true);
    expect(shows(keyEventsOf(text), 240)).toBe(true);
    expect(link(timeline, 'next')).toMatch(new RegExp(`^/incidents/INC-${number}\\?after=\\d+#timeline$`));
    expect(timeline).not.toContain('rel="prev"');
  });

  it('pages on with Later: a reply shown under its message elsewhere is not repeated, one whose message is unknown stands alone', async () => {
    const first = timelineOf((await page(`/incidents/INC-${number}`)).text);
    const second = timelineOf((await page(link(first, 'next')!)).text);
    expect([102, 149, 151, 160, 201].every((i) => shows(second, i))).toBe(true);
    expect(shows(second, 150)).toBe(false);
    expect(shows(second, 101) || shows(second, 202)).toBe(false);
    expect(link(second, 'prev')).toMatch(/\?before=\d+#timeline$/);
    const third = timelineOf((await page(link(second, 'next')!)).text);
    expect(shows(third, 202) && shows(third, 250)).toBe(true);
    expect(third).not.toContain('rel="next"');
  });

  it('opens at the latest entries and pages back with Earlier', async () => {
    const latest = timelineOf((await page(`/incidents/INC-${number}?at=end`)).text);
    expect(shows(latest, 151) && shows(latest, 250)).toBe(true);
    expect(shows(latest, 150)).toBe(false);
    expect(latest).not.toContain('rel="next"');
    const earlier = timelineOf((await page(link(latest, 'prev')!)).text);
    expect(shows(earlier, 51) && shows(earlier, 149)).toBe(true);
    expect(shows(repliesUnder(earlier, 95), 150)).toBe(true);
    expect(shows(earlier, 151)).toBe(false);
  });

  it('reads a cursor that is not one of this incident’s entries as the start', async () => {
    for (const query of ['after=nonsense', 'before=99999999', 'after=-1']) {
      const { status, text } = await page(`/incidents/INC-${number}?${query}`);
      expect(status).toBe(200);
      expect(shows(timelineOf(text), 1)).toBe(true);
    }
  });

  it('names people by their Slack names, in mentions too, and shows an id Slack cannot name as it is', async () => {
    const { text } = await page(`/incidents/INC-${number}`);
    expect(text).toContain('declared by Alice Example');
    const timeline = timelineOf(text);
    expect(timeline).toContain('<strong>Alice Example</strong>');
    expect(timeline).toContain('<strong>Bob Builder</strong>');
    expect(timeline).toContain('<div class="text">paging @Alice Example now</div>');
    expect(timeline).toContain('<strong>X1</strong>');
    expect(timeline).not.toContain('<strong>UALICE</strong>');
  });

  it('filters the list by words that begin a word of the title or description, in any case', async () => {
    const titles = async (q: string) => {
      const { status, text } = await page(`/incidents?${new URLSearchParams({ q }).toString()}`);
      expect(status).toBe(200);
      return [...text.matchAll(/<td>([^<]+?)(?: <span class="private">|<\/td>)/g)].map((m) => m[1]).filter((t) => !/^(?:INC-|\d)/.test(t!));
    };
    expect(await titles('check lat')).toEqual(['Checkout latency']);
    expect(await titles('CHECKOUT')).toEqual(['Payroll export failed', 'Checkout latency']);
    expect(await titles('heck')).toEqual([]);
    // tsquery's own operators in what people type are only text; a word without letters is no filter.
    expect(await titles("log' & !(|:*")).toEqual(['Login errors']);
    expect((await titles('--')).length).toBe(3);
  });

  it('asks Slack about a person it cannot name once, not on every view', async () => {
    const db = app.sitrep.database.db;
    const gone = (await insertDeclared(db, { description: '', severity: 'sev3', requestKey: null, declaredAt: at, nextUpdateDueAt: at, private: false, title: 'Old pager noise', declarerId: 'UGONE' })).number;
    app.fake.failNext('users.info', { error: 'user_not_found' });
    for (let view = 0; view < 3; view++) expect((await page(`/incidents/INC-${gone}`)).text).toContain('declared by UGONE');
    expect(app.fake.callsTo('users.info').filter((c) => c.args.user === 'UGONE').length).toBe(1);
  });

  it('pages the API timeline with per_page and after, each entry once, in order, deleted ones left out', async () => {
    const texts: string[] = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null) {
      const response = await fetch(`${app.baseUrl}/api/v1/incidents/INC-${number}/timeline?per_page=40${after ? `&after=${after}` : ''}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { entries: { text: string }[]; per_page: number; next_after: string | null };
      expect(body.per_page).toBe(40);
      texts.push(...body.entries.map((e) => e.text));
      after = body.next_after;
      pages += 1;
    }
    expect(pages).toBe(7);
    const expected = Array.from({ length: ENTRIES }, (_, n) => n + 1)
      .filter((i) => i !== 30)
      .map((i) => (i === 7 ? 'paging <@UALICE> now' : `Entry ${i}`));
    expect(texts).toEqual(expected);
  });
});
