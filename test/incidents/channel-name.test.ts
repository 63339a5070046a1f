import { describe, expect, it } from 'vitest';
import { CHANNEL_NAME_MAX, incidentChannelName, slugOf, withSuffix } from '../../src/incidents/channel-name.js';

const VALID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('incident channel names', () => {
  it('are the prefix, the number and the title in lowercase words joined by hyphens', () => {
    expect(incidentChannelName('inc', 42, 'Checkout failing for EU customers')).toBe('inc-42-checkout-failing-for-eu-customers');
  });

  it('transliterate accents and drop emoji and other non-ASCII', () => {
    expect(slugOf('Café crème à Zürich — ÉCHEC')).toBe('cafe-creme-a-zurich-echec');
    expect(slugOf('🔥 DB 🔥 down 😱 日本語 ok')).toBe('db-down-ok');
    expect(slugOf('İstanbul Ångström Øresund Straße Łódź')).toBe('istanbul-angstrom-oresund-strasse-lodz');
  });

  it('collapse runs of punctuation and spaces into one hyphen, with none at either end', () => {
    expect(slugOf('  --Payments: API / 500s!!  ')).toBe('payments-api-500s');
    expect(slugOf('a___b...c')).toBe('a-b-c');
  });

  it('keep only the prefix and number when nothing in the title can be used', () => {
    expect(incidentChannelName('inc', 7, '🔥🔥🔥')).toBe('inc-7');
  });

  it('stay within 80 characters for a 300-character emoji-laden title, without a trailing hyphen', () => {
    const title = Array.from({ length: 30 }, (_, i) => `Ünïcödé ${i} 🚨💥 `).join('').padEnd(300, '🔥').slice(0, 300);
    expect(title.length).toBe(300);
    const name = incidentChannelName('incident', 12345, title);
    expect(name.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(name).toMatch(VALID);
    expect(name.startsWith('incident-12345-unicode-0-unicode-1-')).toBe(true);
  });

  it('take a suffix -2, -3… when a name is taken, still within 80 characters', () => {
    expect(withSuffix('inc-3-db-down', 2)).toBe('inc-3-db-down-2');
    const long = incidentChannelName('inc', 3, 'x'.repeat(200));
    expect(long).toHaveLength(80);
    const suffixed = withSuffix(long, 12);
    expect(suffixed).toHaveLength(80);
    expect(suffixed.endsWith('x-12')).toBe(true);
    // A cut that lands on a hyphen does not leave two in a row.
    expect(withSuffix(`inc-3-${'ab-'.repeat(30)}`, 2)).toMatch(VALID);
  });
});
