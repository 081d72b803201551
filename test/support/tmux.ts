/**
 * Drive a real terminal: plat runs inside tmux (its own server socket per test), keys go in with
 * send-keys, the screen comes back with capture-pane. Waits poll the pane for a condition; no
 * fixed sleeps.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TmuxSession {
  socket: string;
  name: string;
  capture(): string;
  /** Keys in tmux send-keys syntax ('q', 'Enter', 'Escape', 'Down', 'C-c') or literal text with { literal: true }. */
  send(keys: string | string[], opts?: { literal?: boolean }): void;
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number, what?: string): Promise<string>;
  /** true while the command is still running. */
  alive(): boolean;
  /** The command's exit status once it ended. */
  exitStatus(): number | undefined;
  kill(): void;
}

export function startTmux(command: string[], opts: { width?: number; height?: number; env?: Record<string, string>; cwd?: string; /** Copy everything the program writes (escape codes included) to this file. */ logFile?: string } = {}): TmuxSession {
  const socket = `plat-test-${randomBytes(4).toString('hex')}`;
  const name = 'plat';
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const envArgs = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // The exit status comes from a shell wrapped around the command, written to a file: tmux 3.3a
  // can miss the SIGCHLD of a pane's process and then never reports it dead with a status.
  const statusFile = join(tmpdir(), `${socket}.status`);
  const wrapped = `${command.map(shellQuote).join(' ')}; echo $? > ${shellQuote(statusFile)}`;
  tmux(
    'new-session', '-d', '-s', name, '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40),
    ...(opts.cwd ? ['-c', opts.cwd] : []), ...envArgs,
    `sh -c ${shellQuote(wrapped)}`,
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
      return !existsSync(statusFile);
    },
    exitStatus() {
      if (!existsSync(statusFile)) return undefined;
      const v = readFileSync(statusFile, 'utf8').trim();
      return v === '' ? undefined : Number(v);
    },
    kill() {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      rmSync(statusFile, { force: true });
    },
  };
  return session;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
