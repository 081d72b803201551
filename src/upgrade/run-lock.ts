/**
 * One run per cluster at a time: two runbooks upgrading the same cluster could take two control
 * planes down at once. `<runs dir>/<cluster>.lock` holds the run id, pid and host; it is created
 * with O_EXCL. A lock whose pid is gone on this host (a run killed by SIGKILL) is stale and taken
 * over; a lock from another host is only named, never broken.
 */
import { pidAlive } from '../conventions/index.js';
import { hostname } from 'node:os';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Locked } from '../errors/index.js';

export interface RunLockInfo {
  run: string;
  pid: number;
  host: string;
  since: string;
  command: string;
}

export interface RunLock {
  path: string;
  info: RunLockInfo;
  tookOver?: string;
  release(): Promise<void>;
}

export const lockPath = (dir: string, cluster: string) => join(dir, `${cluster}.lock`);

export async function readRunLock(dir: string, cluster: string): Promise<RunLockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(lockPath(dir, cluster), 'utf8')) as RunLockInfo;
    return typeof info.pid === 'number' && typeof info.run === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process of `run` still holds its cluster's lock on this host. */
export async function runAlive(dir: string, cluster: string, run: string): Promise<boolean> {
  const info = await readRunLock(dir, cluster);
  if (!info || info.run !== run) return false;
  return info.host !== hostname() || pidAlive(info.pid);
}

export async function lockCluster(dir: string, cluster: string, o: { run: string; command: string; now: number }): Promise<RunLock> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = lockPath(dir, cluster);
  const info: RunLockInfo = { run: o.run, pid: process.pid, host: hostname(), since: new Date(o.now).toISOString(), command: o.command };
  let tookOver: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      try {
        await fh.writeFile(`${JSON.stringify(info)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return {
        path,
        info,
        ...(tookOver ? { tookOver } : {}),
        async release() {
          const now = await readRunLock(dir, cluster);
          if (now?.run === info.run && now.pid === info.pid) await unlink(path).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = await readRunLock(dir, cluster);
    if (held && (held.host !== info.host || pidAlive(held.pid))) {
      throw new Locked(`cluster ${cluster} is being worked on by run ${held.run} (${held.command}, pid ${held.pid} on ${held.host}, since ${held.since})`, {
        hint: held.host !== info.host ? `if that run is gone, remove ${path}` : `wait for it, or follow it: plat runbook status ${held.run}`,
      });
    }
    tookOver = held ? `run ${held.run} (pid ${held.pid} is not running)` : 'an unreadable lock';
    // remove only the stale lock we judged, not one a racing run has just written
    const again = await readRunLock(dir, cluster);
    if (again?.run === held?.run && again?.pid === held?.pid) await unlink(path).catch(() => undefined);
  }
  throw new Locked(`${path}: could not take the lock; other runs keep racing for it`);
}
