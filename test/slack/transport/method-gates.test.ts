import { describe, expect, it } from 'vitest';
import { CallSlots } from '../../../src/slack/transport/call-slots.js';
import { MethodGates } from '../../../src/slack/transport/method-gates.js';

describe('MethodGates', () => {
  it('closes only the rate-limited method, for its Retry-After', () => {
    let now = 1_000;
    const gates = new MethodGates(() => now);
    gates.close('chat.postMessage', 8_000);
    expect(gates.waitFor('chat.postMessage')).toBe(8_000);
    expect(gates.waitFor('views.open')).toBe(0);
    expect(gates.waitFor('conversations.members')).toBe(0);
    now += 3_000;
    expect(gates.waitFor('chat.postMessage')).toBe(5_000);
    now += 5_000;
    expect(gates.waitFor('chat.postMessage')).toBe(0);
  });

  it('keeps the longer pause when two 429s overlap', () => {
    let now = 0;
    const gates = new MethodGates(() => now);
    gates.close('users.info', 20_000);
    gates.close('users.info', 1_000);
    now = 10_000;
    expect(gates.waitFor('users.info')).toBe(10_000);
  });
});

describe('CallSlots', () => {
  it('lets a call past the bound go when one finishes, in arrival order', async () => {
    const slots = new CallSlots(1);
    const order: string[] = [];
    const first = await slots.acquire();
    const second = slots.acquire().then((release) => (order.push('second'), release));
    const third = slots.acquire().then((release) => (order.push('third'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first(); // releasing twice frees one slot only
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
  });
});
