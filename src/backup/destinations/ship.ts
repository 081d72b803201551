/**
 * Ship one verified local backup to a destination: upload to a hidden temp name, check the size
 * there, check the SHA-256 there against the catalog's (computed where the file lies, or read
 * back), and only then give it its final name. The local bytes are hashed on the way out too: a
 * local file that changed since it was verified is not shipped. A file already at the final name
 * (a run cut off between the rename and the catalog update) is checked and adopted if its hash
 * matches; anything else there is left alone and reported.
 */
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { ActionFailed } from '../../errors/index.js';
import type { CatalogEntry } from '../catalog.js';
import { uploadName, type DestinationStore, type HashMethod } from './store.js';

/** Points in a shipment a caller may observe (and act at: each is awaited). */
export type ShipStep = 'upload' | 'uploaded' | 'hashing' | 'renaming' | 'renamed';

export interface ShipOptions {
  /** The backup dir the entry's `file` is relative to. */
  localDir: string;
  now: () => number;
  onProgress?: (bytes: number) => void | Promise<void>;
  onStep?: (step: ShipStep) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface Shipped {
  /** The entry for the destination's catalog. */
  entry: CatalogEntry;
  checkedBy: HashMethod;
  /** It was already there under its final name, complete, from a run cut off before its catalog update. */
  adopted: boolean;
}

export async function shipBackup(store: DestinationStore, local: CatalogEntry, o: ShipOptions): Promise<Shipped> {
  const final = local.file;
  const dir = posix.dirname(final);
  const entryFor = (by: HashMethod): CatalogEntry => {
    const { adopted: _a, shippedAt: _s, checkedBy: _c, ...rest } = local;
    return { ...rest, shippedAt: new Date(o.now()).toISOString(), checkedBy: by };
  };
  const signal = o.signal ? { signal: o.signal } : {};
  await store.mkdirp(dir);

  const existing = await store.size(final);
  if (existing !== undefined) {
    const there = existing === local.storedBytes ? await store.sha256(final, signal) : undefined;
    if (there?.sha256 === local.sha256) return { entry: entryFor(there.by), checkedBy: there.by, adopted: true };
    throw new ActionFailed(`${store.name}: ${final} already exists at ${store.where} with other content (${existing} bytes); not overwriting it`, {
      hint: 'compare it with the local copy by hand; plat never replaces a file under a backup name',
    });
  }

  const tmp = posix.join(dir, uploadName(posix.basename(final), randomBytes(4).toString('hex')));
  const localHash = createHash('sha256');
  let promoted = false;
  try {
    await o.onStep?.('upload');
    const sent = await store.put(`${o.localDir}/${final}`, tmp, { onData: (c) => localHash.update(c), ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...signal });
    const sha = localHash.digest('hex');
    if (sent !== local.storedBytes || sha !== local.sha256) {
      throw new ActionFailed(`${final}: the local file changed since it was verified (${sent} bytes, sha256 ${sha.slice(0, 16)}…); not shipping it`, { hint: `plat backup verify ${final}` });
    }
    await o.onStep?.('uploaded');
    const size = await store.size(tmp);
    if (size !== local.storedBytes) throw new ActionFailed(`${store.name}: the uploaded ${final} has ${size ?? 'no'} bytes at ${store.where}, expected ${local.storedBytes}`);
    await o.onStep?.('hashing');
    const there = await store.sha256(tmp, signal);
    if (there.sha256 !== local.sha256) {
      throw new ActionFailed(`${store.name}: the uploaded ${final} has sha256 ${there.sha256.slice(0, 16)}… at ${store.where} (by ${there.by}), expected ${local.sha256.slice(0, 16)}…`);
    }
    await o.onStep?.('renaming');
    await store.promote(tmp, final);
    promoted = true;
    await o.onStep?.('renamed');
    return { entry: entryFor(there.by), checkedBy: there.by, adopted: false };
  } finally {
    // best effort: over a dead connection this fails, and the next run removes the leftover
    if (!promoted) await store.remove(tmp).catch(() => undefined);
  }
}
