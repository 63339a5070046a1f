import { describe, expect, it } from 'vitest';
import { classifyMessageEvent, entryFromHistory } from '../../../src/slack/inbound/message-event.js';
import { dateOfTs, isSlackTs, laterTs, permalinkOf, tsJustAfter } from '../../../src/slack/inbound/slack-ts.js';

const identity = { botUserId: 'UBOT', workspaceUrl: 'https://acme.slack.com/' };

// Shapes from /work/shared/slack-fixtures/events (message.plain.zulip.json and friends).
const plain = {
  user: 'U06NU4E26M9',
  type: 'message',
  ts: '1719209506.817929',
  client_msg_id: '7cc3cc17-2fed-4356-b3c2-48106ab3a209',
  text: 'Hello, this is a normal text message',
  team: 'T06NRA6HM3P',
  channel: 'C06NRA6JLER',
  event_ts: '1719209506.817929',
  channel_type: 'channel',
};

const fileShare = {
  text: '',
  files: [
    { id: 'F079E4173BL', name: '5e44bcbc-e43c-4a2e-85de-4be126f392f4.jpg', title: '5e44bcbc-e43c-4a2e-85de-4be126f392f4.jpg', mimetype: 'image/jpeg' },
    { id: 'F079GJ49X4L', name: 'notif_bot.png', title: 'notif_bot.png', mimetype: 'image/png' },
    { id: 'F07A2TA6PPS', name: 'books.jpg', title: 'books.jpg', mimetype: 'image/jpeg' },
  ],
  upload: false,
  user: 'U06NU4E26M9',
  type: 'message',
  ts: '1719209815.105159',
  channel: 'C06NRA6JLER',
  subtype: 'file_share',
  event_ts: '1719209815.105159',
  channel_type: 'channel',
};

const messageChanged = {
  type: 'message',
  subtype: 'message_changed',
  hidden: true,
  message: {
    type: 'message',
    text: 'this is an edited message',
    user: 'U01NK1K9L68',
    edited: { user: 'U01NK1K9L68', ts: '1613632704.000000' },
    ts: '1613632675.006300',
  },
  channel: 'C01N9PM1D53',
  previous_message: { type: 'message', text: 'hello this is  a test', user: 'U01NK1K9L68', ts: '1613632675.006300' },
  event_ts: '1613632704.006400',
  ts: '1613632704.006400',
  channel_type: 'channel',
};

describe('classifying message events for the timeline', () => {
  it('turns a plain message into an entry with author, time, text and a computed permalink', () => {
    expect(classifyMessageEvent(plain, identity)).toEqual({
      type: 'entry',
      entry: {
        channelId: 'C06NRA6JLER',
        messageTs: '1719209506.817929',
        threadTs: null,
        authorId: 'U06NU4E26M9',
        text: 'Hello, this is a normal text message',
        files: [],
        permalink: 'https://acme.slack.com/archives/C06NRA6JLER/p1719209506817929',
        occurredAt: new Date(1719209506818),
        editedAt: null,
        versionTs: '1719209506.817929',
      },
    });
  });

  it('recognises a thread reply by thread_ts differing from ts, and links into the thread', () => {
    const change = classifyMessageEvent({ ...plain, ts: '1719209600.000100', thread_ts: '1719209506.817929' }, identity);
    expect(change.type).toBe('entry');
    if (change.type !== 'entry') return;
    expect(change.entry.threadTs).toBe('1719209506.817929');
    expect(change.entry.permalink).toBe(
      'https://acme.slack.com/archives/C06NRA6JLER/p1719209600000100?thread_ts=1719209506.817929&cid=C06NRA6JLER',
    );
  });

  it('treats a thread parent (thread_ts equal to ts) as a top-level message', () => {
    const change = classifyMessageEvent({ ...plain, thread_ts: plain.ts }, identity);
    expect(change.type === 'entry' && change.entry.threadTs).toBeNull();
  });

  it('keeps the file names of a file share', () => {
    const change = classifyMessageEvent(fileShare, identity);
    expect(change.type === 'entry' && change.entry.files).toEqual([
      { id: 'F079E4173BL', name: '5e44bcbc-e43c-4a2e-85de-4be126f392f4.jpg' },
      { id: 'F079GJ49X4L', name: 'notif_bot.png' },
      { id: 'F07A2TA6PPS', name: 'books.jpg' },
    ]);
  });

  it('counts a reply also sent to the channel as one reply', () => {
    const change = classifyMessageEvent({ ...plain, subtype: 'thread_broadcast', ts: '1719209700.000000', thread_ts: plain.ts }, identity);
    expect(change.type === 'entry' && change.entry.threadTs).toBe(plain.ts);
  });

  it.each(['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'channel_name', 'pinned_item', 'bot_message', 'tombstone'])(
    'ignores %s as noise',
    (subtype) => {
      expect(classifyMessageEvent({ ...plain, subtype }, identity)).toEqual({ type: 'ignore', reason: 'noise' });
    },
  );

  it("ignores the bot's own messages, by user or by bot id", () => {
    expect(classifyMessageEvent({ ...plain, user: 'UBOT' }, identity)).toEqual({ type: 'ignore', reason: 'own' });
    expect(classifyMessageEvent({ ...plain, user: 'UOTHERAPP', bot_id: 'B123' }, identity)).toEqual({ type: 'ignore', reason: 'bot' });
  });

  it('turns message_changed into an edit with the new text and the edit time', () => {
    const change = classifyMessageEvent(messageChanged, identity);
    expect(change.type).toBe('edit');
    if (change.type !== 'edit') return;
    expect(change.entry).toMatchObject({
      channelId: 'C01N9PM1D53',
      messageTs: '1613632675.006300',
      text: 'this is an edited message',
      editedAt: new Date(1613632704000),
      // The event's ts, not edited.ts (whole seconds): two edits in one second still keep their order.
      versionTs: '1613632704.006400',
    });
  });

  it('ignores a message_changed that only adds an unfurl', () => {
    const unfurl = { ...messageChanged, message: { ...messageChanged.previous_message, attachments: [{ title: 'x' }] } };
    expect(classifyMessageEvent(unfurl, identity)).toEqual({ type: 'ignore', reason: 'unchanged' });
  });

  it("ignores edits of the bot's own posts (the card kept current)", () => {
    const botEdit = { ...messageChanged, message: { ...messageChanged.message, user: 'UBOT', bot_id: 'BBOT' } };
    expect(classifyMessageEvent(botEdit, identity).type).toBe('ignore');
  });

  it('turns message_deleted into a deletion carrying what the message said', () => {
    const change = classifyMessageEvent(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C1',
        deleted_ts: '1700000000.000100',
        previous_message: { type: 'message', user: 'UALICE', text: 'oops, a password', ts: '1700000000.000100' },
        event_ts: '1700000060.000200',
        ts: '1700000060.000200',
      },
      identity,
    );
    expect(change).toMatchObject({
      type: 'delete',
      channelId: 'C1',
      messageTs: '1700000000.000100',
      deletedAt: new Date(1700000060000),
      previous: { authorId: 'UALICE', text: 'oops, a password' },
    });
  });

  it('treats a thread parent turned into a tombstone as a deletion', () => {
    const change = classifyMessageEvent(
      {
        ...messageChanged,
        message: { type: 'message', subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT', ts: '1613632675.006300' },
      },
      identity,
    );
    expect(change).toMatchObject({ type: 'delete', messageTs: '1613632675.006300' });
  });

  it('ignores events without a channel or a ts', () => {
    expect(classifyMessageEvent({ ...plain, channel: undefined }, identity).type).toBe('ignore');
    expect(classifyMessageEvent({ ...plain, ts: undefined }, identity).type).toBe('ignore');
  });

  it('refuses a forged ts anywhere in the event, so it never reaches the database', () => {
    expect(classifyMessageEvent({ ...plain, ts: 'abc' }, identity)).toEqual({ type: 'ignore', reason: 'malformed' });
    expect(classifyMessageEvent({ ...plain, thread_ts: '1; drop table' }, identity)).toEqual({ type: 'ignore', reason: 'malformed' });
    expect(classifyMessageEvent({ ...messageChanged, message: { ...messageChanged.message, edited: { ts: 'abc' } } }, identity).type).toBe('ignore');
    expect(classifyMessageEvent({ type: 'message', subtype: 'message_deleted', channel: 'C1', deleted_ts: 'abc', ts: '1700000060.000200' }, identity).type).toBe('ignore');
  });

  it('strips U+0000, which Postgres cannot hold, from text and file names', () => {
    const change = classifyMessageEvent({ ...fileShare, text: 'before\u0000after', files: [{ id: 'F1', name: 'dump\u0000.txt' }] }, identity);
    expect(change.type === 'entry' && change.entry).toMatchObject({ text: 'beforeafter', files: [{ id: 'F1', name: 'dump.txt' }] });
  });

  it('replaces half a surrogate pair, which jsonb cannot hold, and keeps whole ones', () => {
    const change = classifyMessageEvent({ ...fileShare, text: 'ok \uD83D\uDE00 cut \uD83D', files: [{ name: 'a\uDE00.txt' }] }, identity);
    expect(change.type === 'entry' && change.entry).toMatchObject({ text: 'ok \uD83D\uDE00 cut \uFFFD', files: [{ name: 'a\uFFFD.txt' }] });
  });

  it('ranks an edited copy above its original even though edited.ts has whole seconds only', () => {
    const change = classifyMessageEvent(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C1',
        deleted_ts: '1700000000.500000',
        previous_message: { type: 'message', user: 'UALICE', text: 'fixed', ts: '1700000000.500000', edited: { ts: '1700000000.000000' } },
        event_ts: '1700000001.000100',
      },
      identity,
    );
    expect(change.type === 'delete' && change.previous?.versionTs).toBe('1700000000.500001');
  });
});

describe('history messages and Slack timestamps', () => {
  it('reads a history message as an entry of the given channel, skipping bots and noise', () => {
    const { channel: _channel, ...fromHistory } = plain;
    expect(entryFromHistory('C9', fromHistory, identity)?.channelId).toBe('C9');
    expect(entryFromHistory('C9', { ...fromHistory, subtype: 'channel_join' }, identity)).toBeUndefined();
    expect(entryFromHistory('C9', { ...fromHistory, user: 'UBOT' }, identity)).toBeUndefined();
    expect(entryFromHistory('C9', { ...fromHistory, edited: { ts: '1719209999.000000' } }, identity)?.editedAt).toEqual(new Date(1719209999000));
  });

  it('computes permalinks whatever the workspace URL ends with', () => {
    expect(permalinkOf('https://acme.slack.com', 'C1', '1.000200', null)).toBe('https://acme.slack.com/archives/C1/p1000200');
  });

  it('steps one microsecond forward, carrying into the seconds, and picks the later ts', () => {
    expect(tsJustAfter('1700000000.000100')).toBe('1700000000.000101');
    expect(tsJustAfter('1699999999.999999')).toBe('1700000000.000000');
    expect(laterTs('1700000000.5', '999999999.999999')).toBe('1700000000.5');
  });

  it('reads ts as dates and accepts only ts Slack makes', () => {
    expect(dateOfTs('1700000000.123456')).toEqual(new Date(1700000000123));
    expect(['1700000000.123456', 'abc', '1.2.3', '', '1700000000'].map(isSlackTs)).toEqual([true, false, false, false, false]);
  });
});

