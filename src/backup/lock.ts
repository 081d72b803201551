/**
 * One backup run per backup directory. The lock file holds pid, host, boot id, start time and a
 * random token; it is created by link() of a complete temp file, so it appears whole or not at
 * all, and only one of several racing runs gets it (restic's lock semantics, backup.md §4.2):
 * - same host, dead pid (or another boot) → stale, taken over;
 * - another host → stale only when older than `staleAfterMs`;
 * - otherwise → Locked (exit 4) naming who holds it.
 * A takeover first claims a marker named after the stale token with O_EXCL, re-reads the lock and
 * removes it only if it still carries that token, so two runs cannot both remove it — nor remove
 * the fresh lock of a run that won.
 */
import { pidAlive } from '../conventions/index.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ActionFailed, Locked } from '../errors/index.js';
import { ensureDir, FILE_MODE } from './durable.js';

export const LOCK_FILE = 'plat-backup.lock';
/** A takeover marker older than this belongs to a run killed mid-takeover (it takes milliseconds). */
const MARKER_STALE_MS = 60_000;

export interface LockInfo {
  pid: number;
  host: string;
  bootId?: string;
  startedAt: string;
  command: string;
  token: string;
}

export interface BackupLock {
  path: string;
  info: LockInfo;
  /** Throws when the lock file is no longer ours (removed or taken over by hand). */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  now: () => number;
  command: string;
  /** For a lock from another host, whose pid cannot be checked. Default 6 h. */
  staleAfterMs?: number;
  pid?: number;
  host?: string;
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function readLock(path: string): Promise<{ info?: LockInfo; mtimeMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    try {
      const info = JSON.parse(text) as LockInfo;
      return typeof info.pid === 'number' && typeof info.token === 'string' ? { info, mtimeMs: st.mtimeMs } : { mtimeMs: st.mtimeMs };
    } catch {
      return { mtimeMs: st.mtimeMs };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function staleReason(held: { info?: LockInfo; mtimeMs: number }, me: { host: string; bootId?: string }, now: number, staleAfterMs: number): string | undefined {
  const i = held.info;
  if (!i) return Date.now() - held.mtimeMs > staleAfterMs ? 'unreadable and old' : undefined;
  if (i.host === me.host) {
    if (i.bootId && me.bootId && i.bootId !== me.bootId) return 'left from before a reboot';
    return pidAlive(i.pid) ? undefined : `pid ${i.pid} is not running`;
  }
  const limit = staleAfterMs >= 3_600_000 ? `${Math.round(staleAfterMs / 3_600_000)} h` : `${Math.round(staleAfterMs / 60_000)} min`;
  return now - Date.parse(i.startedAt) > staleAfterMs ? `older than ${limit}` : undefined;
}

export async function acquireLock(dir: string, opts: LockOptions): Promise<BackupLock & { tookOver?: string }> {
  await ensureDir(dir);
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = { pid: opts.pid ?? process.pid, host: opts.host ?? hostname(), startedAt: new Date(opts.now()).toISOString(), command: opts.command, token: randomBytes(8).toString('hex') };
  const boot = bootId();
  if (boot) info.bootId = boot;
  const staleAfterMs = opts.staleAfterMs ?? 6 * 3_600_000;
  let tookOver: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, info)) return { ...handle(path, info), ...(tookOver ? { tookOver } : {}) };
    const held = await readLock(path);
    if (!held) continue; // released meanwhile
    const stale = staleReason(held, { host: info.host, ...(boot ? { bootId: boot } : {}) }, opts.now(), staleAfterMs);
    if (!stale) {
      const h = held.info;
      throw new Locked(h ? `${dir} is locked by ${h.command || 'plat'} (pid ${h.pid} on ${h.host}, since ${h.startedAt})` : `${dir} is locked (${path})`, {
        hint: h && h.host !== info.host ? `if that run is gone, remove ${path}` : 'another backup run is in progress; this one did nothing',
      });
    }
    if (await takeOver(path, held.info?.token ?? 'unreadable')) tookOver = stale;
  }
  throw new Locked(`${dir}: could not take the lock after several tries; other runs keep racing for it`);
}

async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  const tmp = `${path}.${info.token}.tmp`;
  const fh = await open(tmp, 'wx', FILE_MODE);
  try {
    await fh.writeFile(`${JSON.stringify(info)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Remove the stale lock carrying `token`; false when another run is already on it. */
async function takeOver(path: string, token: string): Promise<boolean> {
  const marker = `${path}.takeover-${token}`;
  try {
    await (await open(marker, 'wx', FILE_MODE)).close();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const st = await stat(marker).catch(() => undefined);
    // file times are wall-clock times, so they are compared with the wall clock
    if (st && Date.now() - st.mtimeMs > MARKER_STALE_MS) await unlink(marker).catch(() => undefined);
    else throw new Locked(`${path}: another run is taking over this stale lock`, { hint: 'a backup run is starting; this one did nothing' });
    return false;
  }
  try {
    const again = await readLock(path);
    if (again && (again.info?.token ?? 'unreadable') === token) await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

function handle(path: string, info: LockInfo): BackupLock {
  const mine = async () => (await readLock(path))?.info?.token === info.token;
  return {
    path,
    info,
    async assertHeld() {
      if (!(await mine())) throw new ActionFailed(`lost the backup lock ${path}: it was removed or taken over while this run was working`);
    },
    async release() {
      if (await mine()) await unlink(path).catch(() => undefined);
    },
  };
}

/** Leftover temp files of lock attempts killed half-way (the lock itself is judged by acquireLock). */
export async function cleanLockLeftovers(dir: string): Promise<void> {
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (!f.startsWith(`${LOCK_FILE}.`)) continue;
    const st = await stat(join(dir, f)).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > MARKER_STALE_MS) await unlink(join(dir, f)).catch(() => undefined);
  }
}
