import { describe, expect, it } from 'vitest';
import { IncidentError } from '../../src/incidents/errors.js';
import { todaysPolicy } from '../support/policy.js';
import { checkUpdateText, nextUpdateDue, nextUpdateLine, parseUpdateArgs, updateIntervalChoices } from '../../src/incidents/status-update.js';


describe('status update arguments', () => {
  it('reads a leading state, in any case, and keeps the rest as the text', () => {
    expect(parseUpdateArgs('Identified  bad deploy, rolling back')).toEqual({ state: 'identified', text: 'bad deploy, rolling back' });
    expect(parseUpdateArgs('monitoring')).toEqual({ state: 'monitoring', text: '' });
  });

  it('treats a first word that is not a state as part of the text', () => {
    expect(parseUpdateArgs('Still looking at the database')).toEqual({ state: undefined, text: 'Still looking at the database' });
    expect(parseUpdateArgs('  ')).toEqual({ state: undefined, text: '' });
  });

  it('points at resolve and close instead of taking them as update states', () => {
    expect(() => parseUpdateArgs('resolved all good')).toThrow(expect.objectContaining({ code: 'update_keeps_open' }));
    expect(() => parseUpdateArgs('closed')).toThrow(IncidentError);
  });

  it('checks the text as stored, counting characters as people typed them', () => {
    const tooLong = expect.objectContaining({ code: 'update_text_invalid', data: { maxLength: 2500 } });
    expect(() => checkUpdateText('x'.repeat(2_501))).toThrow(tooLong);
    expect(() => checkUpdateText('   ')).toThrow(tooLong);
    expect(checkUpdateText('x'.repeat(2_500))).toHaveLength(2_500);
    // 2,400 typed characters, 100 of them `&`, are stored as 2,700 characters of markup: still 2,400 to a reader.
    const typed = `${'a&b '.repeat(100)}${'x'.repeat(2_000)}`;
    const stored = typed.replace(/&/g, '&amp;');
    expect(checkUpdateText(` ${stored} `)).toBe(stored);
    expect(() => checkUpdateText(`${stored}${'x'.repeat(101)}`)).toThrow(tooLong);
  });
});

describe('the next update', () => {
  const now = new Date('2026-11-21T14:20:00Z');

  it('is due after the severity\'s cadence unless the update names a time', () => {
    expect(nextUpdateDue(now, 'sev1', todaysPolicy)).toEqual(new Date('2026-11-21T14:35:00Z'));
    expect(nextUpdateDue(now, 'sev3', todaysPolicy)).toEqual(new Date('2026-11-21T15:20:00Z'));
    expect(nextUpdateDue(now, 'sev1', todaysPolicy, 2 * 60 * 60_000)).toEqual(new Date('2026-11-21T16:20:00Z'));
  });

  it('is announced as a clock time in the configured zone', () => {
    expect(nextUpdateLine(new Date('2026-11-21T14:35:00Z'), now, 'UTC')).toBe('Next update by 14:35');
    expect(nextUpdateLine(new Date('2026-11-21T14:35:00Z'), now, 'Europe/Paris')).toBe('Next update by 15:35');
  });

  it('names the date when it falls on another day', () => {
    expect(nextUpdateLine(new Date('2026-11-22T02:00:00Z'), now, 'UTC')).toBe('Next update by 2026-11-22 02:00 UTC');
  });

  it('offers the usual intervals plus the severity\'s own, shortest first', () => {
    const m = 60_000;
    expect(updateIntervalChoices(30 * m)).toEqual([15 * m, 30 * m, 60 * m, 120 * m, 240 * m]);
    expect(updateIntervalChoices(45 * m)).toEqual([15 * m, 30 * m, 45 * m, 60 * m, 120 * m, 240 * m]);
  });
});
