// Formatting times in a zone: what a `Zone` built per call costs against one built once and reused.
// Decides why src/incidents/zoned-time.ts keeps no cache across calls (a message formats a few
// times; a loop over a timeline builds its zone once). Prints µs per call, median of several runs.
// Run: npx tsx bench/zoned-time.ts
import { formatDateTime } from '../src/incidents/time.js';
import { parseMilestoneTime } from '../src/incidents/milestone-time.js';
import { zoneOf } from '../src/incidents/zoned-time.js';

const TIME_ZONE = 'Europe/Paris';
const CALLS = 20_000;
const RUNS = 7;
const start = Date.parse('2026-11-20T09:00:00Z');
const dates = Array.from({ length: CALLS }, (_, i) => new Date(start + i * 13_000));

function microsPerCall(run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    run();
    samples.push(((performance.now() - began) * 1000) / CALLS);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const fresh = microsPerCall(() => {
  for (const date of dates) formatDateTime(date, TIME_ZONE);
});
const zone = zoneOf(TIME_ZONE);
const reused = microsPerCall(() => {
  for (const date of dates) formatDateTime(date, zone);
});
const now = new Date('2026-11-21T15:00:00Z');
const milestone = microsPerCall(() => {
  for (let i = 0; i < CALLS; i++) parseMilestoneTime('14:05', now, TIME_ZONE);
});

console.log(`formatDateTime, zone built per call: ${fresh.toFixed(1)} µs`);
console.log(`formatDateTime, zone built once:     ${reused.toFixed(1)} µs`);
console.log(`parseMilestoneTime('14:05') (one zone, 4–6 lookups): ${milestone.toFixed(1)} µs`);
console.log(`a ${CALLS.toLocaleString('en')}-line timeline report: ${((fresh * CALLS) / 1000).toFixed(0)} ms per call vs ${((reused * CALLS) / 1000).toFixed(0)} ms reused`);
