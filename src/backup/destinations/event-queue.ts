/**
 * Run an async job that reports as it goes, and yield what it reports while it runs (a callback
 * turned into the async-generator events every long action in plat speaks). Returns the job's
 * result, or throws its error, once it settles.
 */
export async function* withEvents<E, T>(work: (emit: (e: E) => void) => Promise<T>): AsyncGenerator<E, T> {
  const queue: E[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const p = work((e) => {
    queue.push(e);
    wake?.();
  });
  p.then(
    () => ((settled = true), wake?.()),
    () => ((settled = true), wake?.()),
  );
  for (;;) {
    while (queue.length) yield queue.shift()!;
    if (settled) return await p;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
}
