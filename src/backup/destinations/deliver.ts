/**
 * One destination's part of `plat backup run`, after the local backups are verified: connect
 * (host key checked), take the destination's lock, remove what interrupted uploads left, ship
 * what the selection picks for each cluster, record each copy in the destination's catalog, then
 * apply the destination's retention. Any failure ends this destination only; the caller goes on
 * with the next one.
 */
import { isPlatError } from '../../errors/index.js';
import type { Clock } from '../../lab/clock.js';
import type { CatalogEntry } from '../catalog.js';
import { readCatalog } from '../catalog-file.js';
import { readDestinationCatalog, updateDestinationCatalog } from './catalog.js';
import { withEvents } from './event-queue.js';
import type { DestinationEvent, DestinationOutcome } from './events.js';
import { DESTINATION_LOCK_STALE_MS, lockDestination } from './lock.js';
import { applyDestinationPrune, destinationStaleAfter, planDestinationPrune } from './retention.js';
import { selectForDestination } from './selection.js';
import { shipBackup, type ShipStep } from './ship.js';
import { isUploadLeftover, type DestinationConfig, type DestinationStore } from './store.js';

export type DestinationEmit = DestinationEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;

export interface DeliverOptions {
  destination: DestinationConfig;
  open: () => Promise<DestinationStore>;
  /** The local backup dir (its catalog says what is verified). */
  localDir: string;
  clusters: readonly string[];
  timezone: string;
  /** 2 × the backup schedule's interval (schedule.ts). */
  scheduleStaleAfterMs: number;
  clock: Clock;
  host: string;
  pid: number;
  command: string;
  /** Observe (and act at) the points of each shipment; awaited. */
  onStep?: (file: string, step: ShipStep, bytes?: number) => void | Promise<void>;
  signal?: AbortSignal;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
const PROGRESS_EVERY = 16 * 1024 * 1024;

async function removeLeftovers(store: DestinationStore, clusters: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of ['', ...clusters]) {
    for (const f of (await store.list(dir)) ?? []) {
      if (!f.isFile || !isUploadLeftover(f.name)) continue;
      const path = dir ? `${dir}/${f.name}` : f.name;
      await store.remove(path);
      removed.push(path);
    }
  }
  return removed;
}

export async function* deliverToDestination(o: DeliverOptions): AsyncGenerator<DestinationEmit, DestinationOutcome> {
  const name = o.destination.name;
  const outcome: DestinationOutcome = { destination: name, ok: true, shipped: [], removed: [] };
  let store: DestinationStore | undefined;
  try {
    store = await o.open();
    await store.mkdirp('');
    const lock = await lockDestination(store, { now: o.clock.now(), host: o.host, pid: o.pid, command: o.command, staleMs: DESTINATION_LOCK_STALE_MS });
    try {
      yield { type: 'dest-open', destination: name, where: store.where, ...(store.hostKey ? { hostKey: store.hostKey } : {}), ...(lock.tookOver ? { tookOver: lock.tookOver } : {}) };
      const removed = await removeLeftovers(store, o.clusters);
      if (removed.length) yield { type: 'dest-cleanup', destination: name, removed };
      let remote = (await readDestinationCatalog(store)).entries;
      const local = (await readCatalog(o.localDir)).entries;
      for (const cluster of o.clusters) {
        const sel = selectForDestination(local.filter((e) => e.cluster === cluster), remote.filter((e) => e.cluster === cluster), o.destination.every, o.timezone);
        if (sel.skipped) yield { type: 'ship-skipped', destination: name, cluster, ...sel.skipped };
        for (const entry of sel.ship) {
          const started = o.clock.now();
          yield { type: 'ship-start', destination: name, cluster, file: entry.file, bytes: entry.storedBytes };
          const shipped = yield* withEvents<DestinationEmit, Awaited<ReturnType<typeof shipBackup>>>((emit) => {
            let reported = 0;
            return shipBackup(store!, entry, {
              localDir: o.localDir, now: () => o.clock.now(), ...(o.signal ? { signal: o.signal } : {}),
              onProgress: async (bytes) => {
                if (bytes - reported >= PROGRESS_EVERY) {
                  reported = bytes;
                  emit({ type: 'ship-progress', destination: name, cluster, file: entry.file, bytes, total: entry.storedBytes });
                }
                await o.onStep?.(entry.file, 'upload', bytes);
              },
              ...(o.onStep ? { onStep: (step: ShipStep) => o.onStep!(entry.file, step) } : {}),
            });
          });
          remote = await updateDestinationCatalog(store, (es) => [...es.filter((e: CatalogEntry) => e.file !== shipped.entry.file), shipped.entry]);
          outcome.shipped.push(entry.file);
          yield { type: 'shipped', destination: name, cluster, file: entry.file, bytes: entry.storedBytes, seconds: (o.clock.now() - started) / 1000, checkedBy: shipped.checkedBy, adopted: shipped.adopted };
        }
        if (!remote.some((e) => e.cluster === cluster)) continue;
        const now = o.clock.now();
        const plan = await planDestinationPrune(store, remote, cluster, o.destination.retention, { now, timezone: o.timezone, staleAfterMs: destinationStaleAfter(o.destination.every, o.scheduleStaleAfterMs) });
        const gone = await applyDestinationPrune(store, plan);
        if (gone.length) remote = remote.filter((e) => !gone.includes(e.file));
        outcome.removed.push(...gone);
        yield { type: 'dest-retention', destination: name, cluster, kept: plan.keep.length, removed: gone, ...(plan.stale ? { stale: plan.stale.message } : {}) };
      }
    } finally {
      await lock.release().catch(() => undefined);
    }
    yield { type: 'dest-done', destination: name, shipped: outcome.shipped };
    return outcome;
  } catch (e) {
    const hint = isPlatError(e) ? e.hint : undefined;
    const exitCode = isPlatError(e) && e.exitCode === 130 ? 130 : 1;
    yield { type: 'dest-failed', destination: name, error: message(e), exitCode, ...(hint ? { hint } : {}) };
    return { ...outcome, ok: false, error: message(e), ...(hint ? { hint } : {}) };
  } finally {
    await store?.close().catch(() => undefined);
  }
}
