import { describe, expect, it } from 'vitest';
import { interleave } from './interleave.js';

/** A source whose lines are released by the test, so the order of arrival is under control. */
function gate() {
  const waiting: ((r: IteratorResult<string>) => void)[] = [];
  const queued: IteratorResult<string>[] = [];
  let returned = false;
  const push = (r: IteratorResult<string>) => {
    const w = waiting.shift();
    if (w) w(r);
    else queued.push(r);
  };
  const iterable: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise((res) => waiting.push(res))),
      return: async () => {
        returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return { iterable, line: (s: string) => push({ done: false, value: s }), end: () => push({ done: true, value: undefined }), returned: () => returned };
}

describe('interleave', () => {
  it('yields lines of both streams in arrival order, tagged with their stream', async () => {
    const out = gate();
    const err = gate();
    const merged = interleave({ stdout: out.iterable, stderr: err.iterable });
    err.line('WARNING: skew');
    expect((await merged.next()).value).toEqual({ stream: 'stderr', line: 'WARNING: skew' });
    out.line('row 1');
    expect((await merged.next()).value).toEqual({ stream: 'stdout', line: 'row 1' });
    err.end();
    out.line('row 2');
    expect((await merged.next()).value).toEqual({ stream: 'stdout', line: 'row 2' });
    out.end();
    expect((await merged.next()).done).toBe(true);
  });

  it('releases the sources when the consumer stops early', async () => {
    const out = gate();
    const err = gate();
    const merged = interleave({ stdout: out.iterable, stderr: err.iterable });
    out.line('first');
    await merged.next();
    await merged.return(undefined);
    expect(out.returned() && err.returned()).toBe(true);
  });
});
