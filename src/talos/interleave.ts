/**
 * Merge two line sources (a process's stdout and stderr) into one stream in arrival order,
 * keeping which stream each line came from. talosctl splits a long action across both (the
 * upgrade tracker and WARNINGs on stderr, upgrade-k8s progress on stdout), and a view wants them
 * in the order they happened.
 */
export interface TaggedLine<S extends string> {
  stream: S;
  line: string;
}

export async function* interleave<S extends string>(sources: Record<S, AsyncIterable<string>>): AsyncGenerator<TaggedLine<S>> {
  const iterators = (Object.entries(sources) as [S, AsyncIterable<string>][]).map(
    ([stream, it]) => [stream, it[Symbol.asyncIterator]()] as const,
  );
  type Step = { index: number; result: IteratorResult<string> };
  const pending = new Map<number, Promise<Step>>();
  const pull = (index: number) => {
    const [, it] = iterators[index]!;
    pending.set(index, it.next().then((result) => ({ index, result })));
  };
  iterators.forEach((_, i) => pull(i));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield { stream: iterators[index]![0], line: result.value };
    }
  } finally {
    // Stopped early (consumer broke out): ask the sources to release their streams without
    // waiting — a source blocked on a live process only ends once the caller kills it.
    for (const index of pending.keys()) void iterators[index]![1].return?.()?.catch(() => undefined);
  }
}
