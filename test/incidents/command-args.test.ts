import { describe, expect, it } from 'vitest';
import { roleArg, severityArg, userMentionArg, words } from '../../src/incidents/command-args.js';
import { todaysPolicy } from '../support/policy.js';

describe('command arguments', () => {
  it('reads a person from both forms of an escaped mention, or a bare id', () => {
    expect(userMentionArg.parse('<@U123ABC>')).toBe('U123ABC');
    expect(userMentionArg.parse('<@U123ABC|bob>')).toBe('U123ABC');
    expect(userMentionArg.parse('W0ENTERPRISE')).toBe('W0ENTERPRISE');
  });

  it('refuses a mention Slack did not escape', () => {
    expect(userMentionArg.safeParse('@bob').success).toBe(false);
    expect(userMentionArg.safeParse('<#C123|general>').success).toBe(false);
    expect(userMentionArg.safeParse('').success).toBe(false);
  });

  it('reads severities in any case, with or without the sev prefix', () => {
    expect(severityArg(todaysPolicy).parse('SEV1')).toBe('sev1');
    expect(severityArg(todaysPolicy).parse('2')).toBe('sev2');
    expect(severityArg(todaysPolicy).safeParse('sev5').success).toBe(false);
    expect(severityArg(todaysPolicy).safeParse('p1').success).toBe(false);
  });

  it('reads roles and their long and short names', () => {
    expect(roleArg(todaysPolicy).parse('Comms')).toBe('comms');
    expect(roleArg(todaysPolicy).parse('ic')).toBe('commander');
    expect(roleArg(todaysPolicy).parse('operations')).toBe('ops');
    expect(roleArg(todaysPolicy).safeParse('scribe').success).toBe(false);
  });

  it('splits words, keeping an escaped mention with a spaced label whole', () => {
    expect(words(' comms  <@U1|bob smith> ')).toEqual(['comms', '<@U1|bob smith>']);
    expect(words('')).toEqual([]);
  });
});
