/**
 * `talosctl -n <member> etcd snapshot <path>` with two bounds talosctl lacks (it has no timeout
 * flag; siderolabs/talos#14212 hung for 1 h with zero bytes): a hard timeout, and a no-progress
 * watchdog that watches `<path>.part` — where talosctl streams the snapshot before its rename —
 * and ends the call when the file stops growing. Both run on the injected Clock.
 */
import { stat } from 'node:fs/promises';
import { ActionFailed } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import type { EtcdSnapshotInfo, TalosClient } from '../talos/index.js';

export type SnapshotTalos = Pick<TalosClient, 'etcdSnapshot'>;

export interface SnapshotLimits {
  /** The whole call, start to exit. */
  timeoutMs: number;
  /** Longest time without the file growing. */
  stallMs: number;
  /** How often the file size is looked at. */
  pollMs: number;
}

export const DEFAULT_LIMITS: SnapshotLimits = { timeoutMs: 10 * 60_000, stallMs: 60_000, pollMs: 1000 };

const secs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

async function sizeOf(path: string): Promise<number> {
  for (const p of [`${path}.part`, path]) {
    try {
      return (await stat(p)).size;
    } catch {
      /* not there (yet, or any more) */
    }
  }
  return 0;
}

export interface SnapshotWatch {
  clock: Clock;
  limits: SnapshotLimits;
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
}

export async function takeSnapshot(talos: SnapshotTalos, node: string, path: string, w: SnapshotWatch): Promise<EtcdSnapshotInfo> {
  const { clock, limits } = w;
  const stop = new AbortController();
  let why: string | undefined;
  const end = (reason: string) => {
    if (why) return;
    why = reason;
    stop.abort(new Error(reason));
  };
  let done = false;
  let seen = 0;
  let lastGrowth = clock.now();
  let pollTimer: unknown;
  const hard = clock.setTimeout(() => end(`no result within ${secs(limits.timeoutMs)} (hard timeout)`), limits.timeoutMs);
  const poll = () => {
    pollTimer = clock.setTimeout(() => {
      void sizeOf(path).then((size) => {
        if (done) return;
        if (size > seen) {
          seen = size;
          lastGrowth = clock.now();
          w.onProgress?.(size);
        } else if (clock.now() - lastGrowth >= limits.stallMs) {
          end(`no progress for ${secs(limits.stallMs)} (${seen} bytes received); the call was ended`);
          return;
        }
        poll();
      });
    }, limits.pollMs);
  };
  poll();
  const signal = w.signal ? AbortSignal.any([stop.signal, w.signal]) : stop.signal;
  try {
    // our clock decides; talosctl's own limit only backs it up
    return await talos.etcdSnapshot(node, path, { signal, timeoutMs: limits.timeoutMs + 60_000 });
  } catch (e) {
    if (why && !w.signal?.aborted) throw new ActionFailed(`talosctl etcd snapshot on ${node}: ${why}`, { cause: e });
    throw e;
  } finally {
    done = true;
    clock.clearTimeout(hard);
    clock.clearTimeout(pollTimer);
  }
}
