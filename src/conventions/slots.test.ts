import { describe, expect, it } from 'vitest';
import { Slots } from './slots.js';

describe('Slots', () => {
  it('runs at most max at once and starts the queued in order as slots free', async () => {
    const slots = new Slots(2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    const started: string[] = [];
    const c = slots.acquire().then((r) => (started.push('c'), r));
    const d = slots.acquire().then((r) => (started.push('d'), r));
    await Promise.resolve();
    expect(started).toEqual([]);
    expect(slots.queued).toBe(2);
    a();
    a(); // a second release of the same slot frees nothing more
    const rc = await c;
    expect(started).toEqual(['c']);
    b();
    const rd = await d;
    expect(started).toEqual(['c', 'd']);
    rc();
    rd();
    const e = await slots.acquire();
    const f = await slots.acquire();
    expect(slots.queued).toBe(0);
    e();
    f();
  });

  it('an aborted wait leaves the queue at once and takes no slot', async () => {
    const slots = new Slots(1);
    const a = await slots.acquire();
    const ac = new AbortController();
    const waiting = slots.acquire(ac.signal);
    ac.abort();
    const noop = await waiting;
    expect(slots.queued).toBe(0);
    noop();
    a();
    // The one slot is free again: the next call gets it without waiting.
    const b = await slots.acquire();
    b();
    const already = new AbortController();
    already.abort();
    const held = await slots.acquire();
    (await slots.acquire(already.signal))();
    held();
  });
});
