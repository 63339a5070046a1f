import { describe, expect, it } from 'vitest';
import { threadedOrder } from '../../src/incidents/timeline.js';

describe('threaded order', () => {
  it('puts replies right after their parent and leaves orphan replies in time order', () => {
    const entries = [
      { id: 'a', messageTs: '1.0', threadTs: null },
      { id: 'b', messageTs: '2.0', threadTs: null },
      { id: 'a1', messageTs: '3.0', threadTs: '1.0' },
      { id: 'orphan', messageTs: '4.0', threadTs: '0.5' },
      { id: 'system', messageTs: null, threadTs: null },
      { id: 'a2', messageTs: '5.0', threadTs: '1.0' },
    ];
    expect(threadedOrder(entries).map((e) => e.id)).toEqual(['a', 'a1', 'a2', 'b', 'orphan', 'system']);
  });
});
