import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../src/work-queue.js';

/** A task that records when it starts and finishes when told. */
function controlledTask(name: string, started: string[]) {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      started.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('work queue', () => {
  it('runs at most the given number of tasks at once, the others in the order they came', async () => {
    const queue = new WorkQueue({ concurrency: 2, maxWaitMs: 60_000 });
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((name) => controlledTask(name, started));
    const results = tasks.map((task) => queue.run(task.run));
    await tick();
    expect(started).toEqual(['a', 'b']);
    tasks[1]!.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    tasks[0]!.finish();
    tasks[2]!.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    tasks[3]!.finish();
    tasks[4]!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts a task that has waited too long even when every slot is busy', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaitMs: 20 });
    const started: string[] = [];
    const slow = controlledTask('slow', started);
    const running = queue.run(slow.run);
    const late = queue.run(async () => 'late');
    expect(await late).toBe('late');
    expect(started).toEqual(['slow']);
    slow.finish();
    await running;
    // The slot count is back to normal: the next task runs at once.
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('hands a failure to its caller and frees the slot for the next task', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaitMs: 60_000 });
    const failing = queue.run(async () => {
      throw new Error('Slack said no');
    });
    const next = queue.run(async () => 'ran');
    await expect(failing).rejects.toThrow('Slack said no');
    expect(await next).toBe('ran');
  });
});
