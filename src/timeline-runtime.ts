import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from './db/database.js';
import { TimelineWriter } from './db/timeline-writer.js';
import { AuthorNames } from './usecases/author-name.js';
import type { SlackGateway } from './usecases/slack-gateway.js';
import { TimelineGaps } from './usecases/timeline-gaps.js';
import type { TimelineRuntime } from './usecases/timeline-runtime.js';
import { HistoryPacer, slackChannelHistory } from './slack/inbound/channel-history.js';
import type { TimelineIdentity } from './slack/inbound/message-event.js';
import { slackMarkup } from './slack/inbound/slack-markup.js';

/** The timeline's runtime objects for one process: main.ts builds them once (a composition helper, like main.ts). */
export function createTimelineRuntime(db: Db, slack: SlackGateway, identity: TimelineIdentity, now: () => Date): TimelineRuntime {
  return {
    writer: new TimelineWriter(db),
    // Names are for people reading later: an hour old is fine, and a rename shows up within the hour.
    authorNames: new AuthorNames({ maxEntries: 10_000, ttlMs: 3_600_000, now }),
    // Retried after 5 s, 10 s, 20 s, 40 s, then given up (while the database is up).
    gaps: new TimelineGaps({ maxAttempts: 5, firstBackoffMs: 5_000, now }),
    history: slackChannelHistory(slack, identity, new HistoryPacer()),
    markup: slackMarkup,
    replicaId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
  };
}
