// The retrospective writer on a long incident: 20,000 timeline entries over three days (messages
// with mentions, links and escapes, threads, edits, deletions, key events, system entries).
// Prints the generation time (median of several runs) and the memory it takes over the baseline.
// Run: npx tsx bench/retro.ts
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Incident } from '../src/incidents/incident.js';
import { writeRetrospective } from '../src/incidents/retrospective.js';
import { slackMarkup } from '../src/slack/inbound/slack-markup.js';
import type { RetrospectiveInput, RoleAssignment, StatusUpdate } from '../src/incidents/retrospective/input.js';
import type { TimelineEntry } from '../src/incidents/timeline-entry.js';
import { defaultPolicy } from '../src/incidents/policy.js';

const policy = defaultPolicy({ defaultSeverity: 'sev3', staleAfterMs: [900_000, 1_800_000, 3_600_000, 14_400_000] });
const SEVERITIES = policy.severityIds;
const ROLES = policy.roleIds;
const ENTRIES = 20_000;
const USERS = 40;
const STATUS_UPDATES = 200;
const RUNS = 9;
const TARGET_MS = 1_000;
const TARGET_MB = 100;
// files.uploadV2 accepts files up to 1 GB; a draft this size is far below.
const SLACK_FILE_LIMIT_BYTES = 1024 ** 3;

// A collectable heap without a command-line flag, so `npx tsx bench/retro.ts` is enough.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const declaredAt = new Date('2026-11-20T09:00:00Z');
const spanMs = 3 * 86_400_000;
const userId = (i: number) => `U${String(i % USERS).padStart(8, '0')}`;

// A fixed-seed generator: every run of the benchmark writes the same incident.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const PHRASES = [
  'p99 latency on checkout-api is &gt; 2s &amp; climbing',
  'rolling back <https://deploy.example.com/releases/4812|release 4812> now',
  'can <@U00000003> take a look at the connection pool?',
  'graphs in <#C0000DASH|dashboards>: <https://grafana.example.com/d/abc?from=now-1h&amp;to=now>',
  'error rate back to baseline in eu-west-1, still elevated in us-east-1',
  'restarted the consumer group; lag draining at ~4k msg/s',
  '<!here> please keep this channel for the response, side chatter in a thread',
  'suspect the cache TTL change from yesterday | config `ttl_seconds: 5`',
  'customer reports coming in via support, ~40 tickets so far',
  'db primary CPU at 95%, replica lag 30s',
];

function timelineOf(): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const parents: string[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const occurredAt = new Date(declaredAt.getTime() + Math.floor((i / ENTRIES) * spanMs));
    const messageTs = `${Math.floor(occurredAt.getTime() / 1000)}.${String(i).padStart(6, '0')}`;
    const roll = random();
    const base: TimelineEntry = {
      id: String(i + 1),
      kind: 'message',
      authorId: userId(Math.floor(random() * USERS)),
      text: `${pick(PHRASES)} (${i})`,
      occurredAt,
      messageTs,
      threadTs: null,
      files: [],
      editedAt: null,
      deletedAt: null,
      keyEvent: random() < 0.01,
      data: {},
    };
    if (roll < 0.05) {
      const from = pick(SEVERITIES);
      entries.push({ ...base, kind: pick(['severity_changed', 'status_update', 'nudge', 'role_handoff', 'state_changed'] as const), text: `Severity ${from} → sev1`, data: { from, to: 'sev1' } });
      continue;
    }
    if (roll < 0.2 && parents.length > 0) base.threadTs = pick(parents.slice(-50));
    else parents.push(messageTs);
    if (random() < 0.05) base.editedAt = new Date(occurredAt.getTime() + 60_000);
    if (random() < 0.02) base.deletedAt = new Date(occurredAt.getTime() + 120_000);
    if (random() < 0.03) base.files = [{ name: 'heap-dump.txt' }, { name: 'graph.png' }];
    if (random() < 0.05) base.text = `${base.text}\nsecond line\n- a list item\n\`\`\`\nkubectl rollout undo deploy/checkout\n\`\`\``;
    entries.push(base);
  }
  return entries;
}

function inputOf(): RetrospectiveInput {
  const incident: Incident = {
    number: 4812,
    title: 'Checkout failing for card payments | EU & US',
    description: 'Card payments fail for about 30% of customers in EU and US.\nApple Pay unaffected.',
    severity: 'sev1',
    state: 'resolved',
    private: false,
    declarerId: userId(0),
    channelId: 'C0000INC1',
    channelName: 'inc-4812-checkout-failing',
    cardTs: '1.0',
    announcementTs: '2.0',
    declareStep: 'announced',
    declareError: null,
    abandonedAt: null,
    declaredAt,
    identifiedAt: new Date(declaredAt.getTime() + 3_600_000),
    monitoringAt: new Date(declaredAt.getTime() + 2 * 86_400_000),
    resolvedAt: new Date(declaredAt.getTime() + spanMs),
    closedAt: null,
    reopenedAt: null,
    severityChangedAt: declaredAt,
    impactStartedAt: new Date(declaredAt.getTime() - 1_200_000),
    detectedAt: null,
    mitigatedAt: null,
    lastUpdateAt: declaredAt,
    nextUpdateDueAt: declaredAt,
  };
  const roleHistory: RoleAssignment[] = Array.from({ length: 30 }, (_, i) => ({
    role: ROLES[i % ROLES.length]!,
    userId: userId(i + 1),
    previousUserId: i < ROLES.length ? null : userId(i + 1 - ROLES.length),
    assignedBy: userId(0),
    assignedAt: new Date(declaredAt.getTime() + i * 7_200_000),
  }));
  const statusUpdates: StatusUpdate[] = Array.from({ length: STATUS_UPDATES }, (_, i) => ({
    authorId: userId(2),
    text: `Update ${i}: ${pick(PHRASES)}`,
    state: i % 3 === 0 ? 'identified' : null,
    postedAt: new Date(declaredAt.getTime() + i * 1_200_000),
    nextUpdateDueAt: new Date(declaredAt.getTime() + (i + 1) * 1_200_000),
  }));
  return {
    incident,
    roleHistory,
    timeline: timelineOf(),
    statusUpdates,
    nudgeCount: 12,
    userNames: Object.fromEntries(Array.from({ length: USERS }, (_, i) => [userId(i), `Responder ${i}`])),
    channelNames: { C0000DASH: 'dashboards' },
    timeZone: 'Europe/Paris',
    policy,
    now: new Date(declaredAt.getTime() + spanMs + 3_600_000),
    version: 1,
  };
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const fmtMb = (bytes: number) => `${mb(bytes).toFixed(1)} MB`;

const input = inputOf();

// Memory first, in a fresh heap: what one generation costs over the process at rest.
gc();
const baseline = process.memoryUsage();
const peakRssBefore = process.resourceUsage().maxRSS * 1024;
const first = writeRetrospective(input, slackMarkup);
const afterRun = process.memoryUsage();
const peakRssAfter = process.resourceUsage().maxRSS * 1024;
const heapDelta = afterRun.heapUsed - baseline.heapUsed;
const rssDelta = afterRun.rss - baseline.rss;
// The process's peak RSS bounds the peak during the run from above (it may date from start-up).
const peakRssDelta = Math.max(0, peakRssAfter - baseline.rss);
const grewPeak = peakRssAfter > peakRssBefore;

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  gc();
  const started = performance.now();
  const markdown = writeRetrospective(input, slackMarkup);
  times.push(performance.now() - started);
  if (markdown !== first) throw new Error('the writer is not deterministic');
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;

const bytes = Buffer.byteLength(first, 'utf8');
const visible = input.timeline.filter((e) => !e.deletedAt).length;
console.log(`retrospective of ${ENTRIES.toLocaleString('en-US')} timeline entries (${visible.toLocaleString('en-US')} shown), ${STATUS_UPDATES} status updates, ${USERS} people`);
console.log(`  time:   median ${median.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}, ${RUNS} runs)  target < ${TARGET_MS} ms ${median < TARGET_MS ? 'OK' : 'MISSED'}`);
console.log(`  memory over baseline: heap used +${fmtMb(heapDelta)} right after a run (before any full GC), rss +${fmtMb(rssDelta)}, peak rss ≤ +${fmtMb(peakRssDelta)}${grewPeak ? '' : ' (peak from before the run)'}  target < ${TARGET_MB} MB ${mb(Math.max(heapDelta, rssDelta, peakRssDelta)) < TARGET_MB ? 'OK' : 'MISSED'}`);
console.log(`  output: ${(bytes / 1024).toFixed(0)} KiB, ${first.split('\n').length.toLocaleString('en-US')} lines (Slack file limit ${fmtMb(SLACK_FILE_LIMIT_BYTES)})`);
