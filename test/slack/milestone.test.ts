import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDuration } from '../../src/incidents/time.js';
import type { TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { answerTo, commandIn, declare, incidentRow, startResponderApp, timelineOf, topicMatching } from './responder-support.js';

const TIMEZONE = 'America/New_York';
const MINUTE = 60_000;

/** `2026-11-21 14:05` in the zone: what a responder types for that minute. */
const typed = (date: Date) => formatDateTime(date, TIMEZONE).slice(0, 16);
const wholeMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

describe.each(DATABASE_KINDS)('/incident milestone on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind, { TIMEZONE });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const USAGE = ':information_source: Usage: `/incident milestone <impact-started|detected|mitigated> <when>`, when as `14:05`, `2026-11-21 14:05` or `20m ago` (times in America/New_York).';

  it('records each milestone in any of the three forms, in TIMEZONE, on the incident and its timeline', async () => {
    const incident = await declare(app);
    const channel = { userId: 'UBOB', channelId: incident.channelId };

    const impact = new Date(Date.now() - 95 * MINUTE);
    const asked = Date.now();
    const first = await answerTo(app, `milestone impact-started ${typed(impact)}`, channel);
    const answered = Date.now();
    const impactAt = new Date(wholeMinute(impact.getTime()));
    expect(first.response_type).toBe('ephemeral');
    // "ago" is from the moment the app answered, somewhere between asking and the answer arriving.
    const agos = new Set([formatDuration(asked - impactAt.getTime()), formatDuration(answered - impactAt.getTime())]);
    expect(first.text).toMatch(new RegExp(`^:white_check_mark: INC-${incident.number}: impact started at ${formatClock(impactAt, TIMEZONE)} \\(${formatDateTime(impactAt, TIMEZONE)}, (${[...agos].join('|')}) ago\\)\\. The retrospective uses it\\.$`));

    const detected = new Date(Date.now() - 50 * MINUTE);
    const second = await answerTo(app, `milestone Detected ${formatClock(detected, TIMEZONE)}`, channel);
    expect(second.text).toContain(`detected at ${formatClock(detected, TIMEZONE)}`);

    const before = Date.now();
    const third = await answerTo(app, 'milestone mitigated 20m ago', channel);
    expect(third.text).toMatch(/mitigated at \d\d:\d\d \(.*, 20m ago\)/);

    const row = await incidentRow(app, incident.number);
    expect(row.impact_started_at).toEqual(impactAt);
    expect(row.detected_at).toEqual(new Date(wholeMinute(detected.getTime())));
    expect(row.mitigated_at!.getTime()).toBeGreaterThanOrEqual(before - 20 * MINUTE - 1_000);
    expect(row.mitigated_at!.getTime()).toBeLessThanOrEqual(Date.now() - 20 * MINUTE);

    const entries = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'milestone');
    expect(entries.map((e) => [e.author_id, e.data.milestone])).toEqual([
      ['UBOB', 'impact-started'],
      ['UBOB', 'detected'],
      ['UBOB', 'mitigated'],
    ]);
    expect(entries[0]).toMatchObject({
      text: `Milestone: impact started at ${formatDateTime(impactAt, TIMEZONE)}`,
      data: { at: impactAt.toISOString(), previous: null },
    });
  });

  it('corrects a milestone and says what it was', async () => {
    const incident = await declare(app);
    const channel = { channelId: incident.channelId };
    await answerTo(app, 'milestone impact 2h ago', channel);
    const was = (await incidentRow(app, incident.number)).impact_started_at!;
    const corrected = await answerTo(app, 'milestone impact-started 90m ago', channel);
    expect(corrected.text).toContain(`(was ${formatDateTime(was, TIMEZONE)})`);
    const entries = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'milestone');
    expect(entries.at(-1)!.data).toMatchObject({ previous: was.toISOString() });
  });

  it('refuses a time in the future, saying so, and records nothing', async () => {
    const incident = await declare(app);
    const tomorrow = new Date(Date.now() + 24 * 60 * MINUTE);
    const answer = await answerTo(app, `milestone mitigated ${typed(tomorrow)}`, { channelId: incident.channelId });
    const shown = formatDateTime(new Date(wholeMinute(tomorrow.getTime())), TIMEZONE);
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: `:information_source: ${shown} is in the future; a milestone records when mitigated already happened.` });
    expect((await incidentRow(app, incident.number)).mitigated_at).toBeNull();
    expect((await timelineOf(app, incident.number)).some((e) => e.kind === 'milestone')).toBe(false);
  });

  it('answers wrong words with the usage, and a time it cannot read by quoting it', async () => {
    const incident = await declare(app);
    const channel = { channelId: incident.channelId };
    for (const words of ['milestone', 'milestone detected', 'milestone lunch 14:05', 'milestone 14:05']) {
      expect((await answerTo(app, words, channel)).text, words).toBe(USAGE);
    }
    for (const when of ['soon', '25:00', '2026-02-30 10:00', 'yesterday <@U1>']) {
      const answer = await answerTo(app, `milestone detected ${when}`, channel);
      expect(answer.text, when).toMatch(/^:information_source: I cannot read ".*" as a time\. Use `14:05`, `2026-11-21 14:05` or `20m ago` \(times in America\/New_York\)\.$/);
    }
    expect((await answerTo(app, 'milestone detected yesterday <@U1>', channel)).text).toContain('"yesterday &lt;@U1&gt;"');
    const row = await incidentRow(app, incident.number);
    expect([row.impact_started_at, row.detected_at, row.mitigated_at]).toEqual([null, null, null]);
  });

  it('takes milestones on a resolved incident, not on a closed one, nor outside an incident channel', async () => {
    const incident = await declare(app);
    await commandIn(app, incident, 'resolve');
    await topicMatching(app, incident, /resolved/);
    expect((await answerTo(app, 'milestone mitigated 5m ago', { channelId: incident.channelId })).text).toMatch(/^:white_check_mark: .*mitigated at/);

    await commandIn(app, incident, 'close');
    await topicMatching(app, incident, /closed/);
    const closed = await answerTo(app, 'milestone detected 5m ago', { channelId: incident.channelId });
    expect(closed.text).toBe(`:information_source: INC-${incident.number} is closed, so its milestones can no longer change. Use \`/incident reopen\` first.`);

    expect((await answerTo(app, 'milestone detected 5m ago', { channelId: 'C0GENERAL' })).text).toMatch(/works in an incident channel/);
  });
});
