/**
 * A watch response is one JSON object per line ({"type":…,"object":…}), sent as chunks that split
 * lines anywhere. This turns chunks into whole events as they arrive. Pure.
 */
export interface RawWatchEvent {
  type: string;
  object: unknown;
}

export class WatchLineSplitter {
  #rest = '';

  /** Whole lines completed by this chunk (blank lines skipped); the tail waits for the next chunk. */
  push(chunk: string): string[] {
    const parts = (this.#rest + chunk).split('\n');
    this.#rest = parts.pop() ?? '';
    return parts.filter((l) => l.trim() !== '');
  }

  /** A last line the server did not terminate with a newline before ending the stream. */
  flush(): string[] {
    const last = this.#rest;
    this.#rest = '';
    return last.trim() ? [last] : [];
  }
}

/** One line as a watch event, or undefined when it is not one (the caller decides what that means). */
export function parseWatchLine(line: string): RawWatchEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || typeof (v as RawWatchEvent).type !== 'string') return undefined;
  return { type: (v as RawWatchEvent).type, object: (v as RawWatchEvent).object };
}
