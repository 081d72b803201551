/**
 * Drive a real terminal: plat runs inside tmux (its own server socket per test), keys go in with
 * send-keys, the screen comes back with capture-pane. Waits poll the pane for a condition; no
 * fixed sleeps.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface TmuxSession {
  socket: string;
  name: string;
  capture(): string;
  /** Keys in tmux send-keys syntax ('q', 'Enter', 'Escape', 'Down', 'C-c') or literal text with { literal: true }. */
  send(keys: string | string[], opts?: { literal?: boolean }): void;
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number, what?: string): Promise<string>;
  /** true while the pane's process is still running. */
  alive(): boolean;
  /** Pane exit status once the command ended (remain-on-exit keeps the pane). */
  exitStatus(): number | undefined;
  kill(): void;
}

export function startTmux(command: string[], opts: { width?: number; height?: number; env?: Record<string, string>; cwd?: string; /** Copy everything the program writes (escape codes included) to this file. */ logFile?: string } = {}): TmuxSession {
  const socket = `plat-test-${randomBytes(4).toString('hex')}`;
  const name = 'plat';
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const envArgs = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  tmux(
    'new-session', '-d', '-s', name, '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40),
    ...(opts.cwd ? ['-c', opts.cwd] : []), ...envArgs,
    command.map(shellQuote).join(' '),
  );
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  if (opts.logFile) tmux('pipe-pane', '-o', '-t', name, `cat >> ${shellQuote(opts.logFile)}`);
  const session: TmuxSession = {
    socket,
    name,
    capture: () => tmux('capture-pane', '-p', '-t', name),
    send(keys, o = {}) {
      const list = Array.isArray(keys) ? keys : [keys];
      tmux('send-keys', '-t', name, ...(o.literal ? ['-l'] : []), ...list);
    },
    async waitFor(predicate, timeoutMs = 20_000, what = 'the expected screen') {
      const deadline = Date.now() + timeoutMs;
      let screen = '';
      while (Date.now() < deadline) {
        screen = session.capture();
        if (predicate(screen)) return screen;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}; screen was:\n${screen}`);
    },
    alive() {
      const r = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '-t', name, '#{pane_dead}'], { encoding: 'utf8' });
      // Only a pane tmux reports as dead has ended; a failed or empty query is not an answer.
      if (r.status !== 0) return !/no server running|can't find/.test(r.stderr);
      return r.stdout.trim() !== '1';
    },
    exitStatus() {
      const r = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '-t', name, '#{pane_dead_status}'], { encoding: 'utf8' });
      const v = r.stdout.trim();
      return r.status === 0 && v !== '' ? Number(v) : undefined;
    },
    kill() {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    },
  };
  return session;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
