/**
 * Our Ink test harness: ink-testing-library's approach (fake stdout/stdin, debug-mode rendering)
 * with a terminal size we choose (ink-testing-library hard-wires 100 columns) and waits that
 * resolve on a frame, never on a fixed sleep.
 *
 * Ink renders in `debug` mode here: every commit writes the whole frame, unthrottled. That is also
 * what keeps the harness independent of CI: outside debug mode, Ink under CI=true writes nothing
 * until unmount (is-in-ci), then only the last frame plus a lone '\n'.
 */
import { EventEmitter } from 'node:events';
import { render as inkRender, type Instance } from 'ink';
import type { ReactElement } from 'react';

// CSI and OSC sequences: colours, cursor moves, hyperlinks.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array): boolean => {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    // Ink writes a lone '\n' on unmount under CI; it is not a frame (Shopify cli-kit does the same).
    if (s === '' || s === '\n') return true;
    this.frames.push(s);
    this.emit('frame', s);
    return true;
  };
}

/** A stdin that supports raw mode and hands Ink one chunk per write through 'readable'/read(). */
export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private readonly queue: string[] = [];
  setRawMode(on: boolean): this {
    this.isRaw = on;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read = (): string | null => this.queue.shift() ?? null;
  write(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }
  /** Ink listens only once a useInput hook has switched raw mode on (in an effect). */
  get listening(): boolean {
    return this.isRaw && this.listenerCount('readable') > 0;
  }
}

export interface RenderOptions {
  columns?: number;
  rows?: number;
  /**
   * How long a wait may take before it fails with the last frame in the message (default 15 s).
   * A guard against hangs, not a speed check: a loaded CI machine may be slow, never wrong.
   */
  timeoutMs?: number;
}

export interface Rendered {
  stdout: FakeStdout;
  stdin: FakeStdin;
  /** Every frame written, raw (escape codes kept). */
  frames: string[];
  /** The last frame, raw. */
  lastFrame(): string;
  /** The last frame without escape codes. */
  text(): string;
  /** The last frame's lines without escape codes, trailing spaces trimmed. */
  lines(): string[];
  waitForFrame(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Write a key and wait until the frame changes. */
  press(key: string): Promise<string>;
  /** Write a key that may change nothing, and let React and Ink's input parser settle. */
  pressAndSettle(key: string): Promise<string>;
  /** Type text one key at a time, each waiting for the frame to change. */
  type(text: string): Promise<string>;
  settle(): Promise<void>;
  /** Resolves once a useInput hook listens (raw mode on); press() waits for this itself. */
  ready(): Promise<void>;
  resize(columns: number, rows?: number): void;
  rerender(tree: ReactElement): void;
  unmount(): void;
}

const mounted = new Set<Instance>();

/** Yield so React 19's scheduler (setImmediate in Node) and follow-up timers can flush. */
const tick = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 0)));

export function render(tree: ReactElement, opts: RenderOptions = {}): Rendered {
  const stdout = new FakeStdout(opts.columns ?? 100, opts.rows ?? 24);
  const stderr = new FakeStdout(opts.columns ?? 100, opts.rows ?? 24);
  const stdin = new FakeStdin();
  const timeout = opts.timeoutMs ?? 15_000;
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  mounted.add(instance);

  const lastFrame = () => stdout.frames.at(-1) ?? '';
  const text = () => stripAnsi(lastFrame());

  const waitForFrame = (predicate: (t: string) => boolean, ms = timeout) =>
    new Promise<string>((resolve, reject) => {
      if (predicate(text())) return resolve(text());
      const onFrame = () => {
        if (!predicate(text())) return;
        done();
        resolve(text());
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no frame matched within ${ms} ms; last frame:\n${text()}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        stdout.off('frame', onFrame);
      };
      stdout.on('frame', onFrame);
    });

  const inputReady = async () => {
    const deadline = Date.now() + timeout;
    while (!stdin.listening) {
      if (Date.now() > deadline) throw new Error('the app never listened for input (no useInput active)');
      await tick();
    }
  };

  const settle = async () => {
    await tick();
    await tick();
  };

  const press = async (key: string) => {
    await inputReady();
    const before = text();
    stdin.write(key);
    return waitForFrame((t) => t !== before);
  };

  return {
    stdout,
    stdin,
    frames: stdout.frames,
    lastFrame,
    text,
    lines: () => text().split('\n').map((l) => l.trimEnd()),
    waitForFrame,
    press,
    pressAndSettle: async (key) => {
      await inputReady();
      stdin.write(key);
      await settle();
      return text();
    },
    type: async (s) => {
      for (const ch of s) await press(ch);
      return text();
    },
    settle,
    ready: inputReady,
    resize: (columns, rows) => {
      stdout.columns = columns;
      if (rows !== undefined) stdout.rows = rows;
      stdout.emit('resize');
    },
    rerender: (t) => instance.rerender(t),
    unmount: () => {
      instance.unmount();
      instance.cleanup();
      mounted.delete(instance);
    },
  };
}

/** Unmount everything still mounted (call from afterEach). */
export function cleanup(): void {
  for (const instance of mounted) {
    instance.unmount();
    instance.cleanup();
  }
  mounted.clear();
}

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;
