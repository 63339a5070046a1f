import { describe, expect, it } from 'vitest';
import {
  awaitsRetry,
  declareErrorNote,
  firstUpdateDue,
  followUpsOwed,
  nextDeclareAction,
  parseQuickDeclare,
} from '../../src/incidents/declaration.js';
import { IncidentError } from '../../src/incidents/errors.js';
import { todaysPolicy, todaysPolicyDefaulting } from '../support/policy.js';

describe('parsing a quick declare', () => {
  it('reads a leading severity in any case, and keeps the rest as the title', () => {
    expect(parseQuickDeclare('sev1 DB down', todaysPolicy)).toEqual({ severity: 'sev1', title: 'DB down' });
    expect(parseQuickDeclare('SEV2   Checkout  failing ', todaysPolicy)).toEqual({ severity: 'sev2', title: 'Checkout  failing' });
    expect(parseQuickDeclare('Sev4 slow search', todaysPolicy)).toEqual({ severity: 'sev4', title: 'slow search' });
  });

  it('uses the default severity when none is named', () => {
    expect(parseQuickDeclare('DB down', todaysPolicy)).toEqual({ severity: 'sev3', title: 'DB down' });
    expect(parseQuickDeclare('several DB replicas down', todaysPolicyDefaulting('sev2'))).toEqual({ severity: 'sev2', title: 'several DB replicas down' });
  });

  it('refuses a severity with no title, an unknown severity and an over-long title with the usage line', () => {
    const refusal = (args: string) => {
      try {
        parseQuickDeclare(args, todaysPolicy);
      } catch (error) {
        return error as IncidentError;
      }
      throw new Error(`"${args}" was accepted`);
    };
    for (const args of ['sev1', 'sev1   ', 'sev5 DB down', 'x'.repeat(151)]) {
      const error = refusal(args);
      expect(error).toBeInstanceOf(IncidentError);
      expect(error.code).toBe('quick_declare_invalid');
    }
    expect((refusal('sev1') as IncidentError<'quick_declare_invalid'>).data.problem).toMatch(/^Give the incident a title\./);
    expect((refusal('x'.repeat(151)) as IncidentError<'quick_declare_invalid'>).data.problem).toMatch(/150 characters/);
  });

  it('counts a title in characters as the database does, so 150 emoji fit', () => {
    expect(parseQuickDeclare('🔥'.repeat(150), todaysPolicy).title).toHaveLength(300);
    expect(() => parseQuickDeclare('🔥'.repeat(151), todaysPolicy)).toThrow(IncidentError);
  });

  it('refuses a NUL in the title in words (the database cannot hold it)', () => {
    expect(() => parseQuickDeclare('sev2 DB\u0000 down', todaysPolicy)).toThrow(
      expect.objectContaining({ code: 'quick_declare_invalid', data: { problem: expect.stringMatching(/cannot contain a NUL character/) } }),
    );
  });
});

describe('the declare sequence', () => {
  const at = (declareStep: Parameters<typeof nextDeclareAction>[0]['declareStep'], channelName: string | null = 'inc-1-x') =>
    nextDeclareAction({ declareStep, channelName, abandonedAt: null });

  it('reserves a name first, then creates the room, then owes the rest as effects', () => {
    expect(at('reserved', null)).toBe('reserve_name');
    expect(at('reserved')).toBe('create_channel');
    expect(at('created')).toBe('owe_rest');
    expect(at('card_posted')).toBe('owe_rest');
    expect(at('announced')).toBeUndefined();
  });

  it('owes what comes after the step a declaration was left at', () => {
    expect(followUpsOwed('created')).toEqual(['invite', 'topic', 'card', 'announce']);
    expect(followUpsOwed('topic_set')).toEqual(['card', 'announce']);
    expect(followUpsOwed('announced')).toEqual([]);
  });

  it('does nothing more for an abandoned declaration', () => {
    expect(nextDeclareAction({ declareStep: 'reserved', channelName: 'inc-1-x', abandonedAt: new Date() })).toBeUndefined();
  });

  it('tells a failure waiting for a retry from an abandoned declaration', () => {
    expect(declareErrorNote('pins.add', 'http_error_500', 'retrying')).toBe('pins.add: http_error_500; will retry');
    expect(awaitsRetry(declareErrorNote('pins.add', 'http_error_500', 'retrying'))).toBe(true);
    expect(awaitsRetry(declareErrorNote('conversations.create', 'restricted_action', 'abandoned'))).toBe(false);
    expect(awaitsRetry(null)).toBe(false);
  });
});

describe('the first status update deadline', () => {
  it('is one stale window of the severity after declaring', () => {
    const declaredAt = new Date('2026-11-21T14:00:00Z');
    expect(firstUpdateDue(declaredAt, 'sev1', todaysPolicy)).toEqual(new Date('2026-11-21T14:15:00Z'));
    expect(firstUpdateDue(declaredAt, 'sev4', todaysPolicy)).toEqual(new Date('2026-11-21T18:00:00Z'));
  });
});
