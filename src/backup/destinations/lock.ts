/**
 * One shipping run per destination at a time, across hosts: the destination's catalog is
 * replaced whole, so two writers would lose each other's entries. The lock is a file created
 * exclusively at the destination's root (O_EXCL over SFTP too), holding who took it and when. It
 * is taken over when older than `staleMs`, or when its pid is gone on this same host — or is this
 * very process, whose earlier release failed because the connection had dropped.
 */
import { pidAlive } from '../../conventions/index.js';
import { Locked } from '../../errors/index.js';
import type { DestinationStore } from './store.js';

export const DESTINATION_LOCK = '.plat-ship.lock';
/** Every taker's `staleMs` (`backup run` shipping, `backup prune --dest`): a lock older than this is taken over. */
export const DESTINATION_LOCK_STALE_MS = 2 * 3_600_000;

interface LockBody {
  host: string;
  pid: number;
  startedAt: string;
  command: string;
}

export interface DestinationLockOptions {
  now: number;
  host: string;
  pid: number;
  command: string;
  staleMs: number;
}

/** Take the lock; returns the release function and, when a stale lock was replaced, what it said. */
export async function lockDestination(store: DestinationStore, o: DestinationLockOptions): Promise<{ release: () => Promise<void>; tookOver?: string }> {
  const body: LockBody = { host: o.host, pid: o.pid, startedAt: new Date(o.now).toISOString(), command: o.command };
  const text = JSON.stringify(body) + '\n';
  const release = () => store.remove(DESTINATION_LOCK);
  if (await store.createExclusive(DESTINATION_LOCK, text)) return { release };
  const raw = (await store.readText(DESTINATION_LOCK)) ?? '';
  let held: Partial<LockBody> = {};
  try {
    held = JSON.parse(raw) as Partial<LockBody>;
  } catch {
    /* unreadable: judged by age below as if it had no time */
  }
  const since = Date.parse(held.startedAt ?? '');
  const who = `pid ${held.pid ?? '?'} on ${held.host ?? '?'} since ${held.startedAt ?? '?'}`;
  const stale = Number.isNaN(since) || o.now - since > o.staleMs || (held.host === o.host && typeof held.pid === 'number' && (held.pid === o.pid || !pidAlive(held.pid)));
  if (!stale) {
    throw new Locked(`${store.name}: another plat run is shipping to ${store.where} (${who})`, { hint: `it is released when that run ends; a lock older than ${Math.round(o.staleMs / 60_000)} min is taken over` });
  }
  await store.remove(DESTINATION_LOCK);
  if (!(await store.createExclusive(DESTINATION_LOCK, text))) throw new Locked(`${store.name}: another plat run took the lock on ${store.where} first`);
  return { release, tookOver: who };
}
