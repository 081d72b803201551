/**
 * A program on a real pseudo-terminal without tmux in between: util-linux `script` owns the pty,
 * copies what we write to it as keystrokes and what the program paints to our pipe. Timing a key
 * is then "bytes written → the repaint's bytes read", with no capture-pane polling (each tmux call
 * is a process spawn, which put a ~10-20 ms floor under the old figure).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyProgram {
  child: ChildProcess;
  /** Everything painted so far (escape codes included). */
  output(): string;
  write(keys: string): void;
  /** Resolves with the ms it took once the text painted after `from` (an output length) matches. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** The painted text without SGR/cursor escapes, so patterns see what the operator reads. */
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function startInPty(argv: string[], opts: { cols: number; rows: number; env: NodeJS.ProcessEnv }): PtyProgram {
  const command = `stty cols ${opts.cols} rows ${opts.rows}; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], { env: opts.env, stdio: ['pipe', 'pipe', 'ignore'] });
  let out = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  return {
    child,
    output: () => out,
    write: (keys) => void child.stdin!.write(keys),
    waitFor(pattern, from = out.length, timeoutMs = 10_000) {
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(plain(out.slice(from)))) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(performance.now() - t0);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; last output: ${JSON.stringify(out.slice(-300))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.stdin!.write('q');
      const term = setTimeout(() => child.kill('SIGTERM'), 2000);
      done.then(() => clearTimeout(term), () => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(timer);
    },
  };
}
