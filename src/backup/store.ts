/**
 * From the raw snapshot talosctl saved to the stored backup, in one streaming pass: every chunk
 * feeds the snapshot verifier and the compressor; the compressed bytes are hashed and written to
 * a hidden `.part` file; then fsync, and — only if the snapshot verified — the final name via a
 * no-clobber link. A crash or a failed check at any point leaves no file under a final name.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionFailed } from '../errors/index.js';
import type { SnapshotCheck } from '../etcd/index.js';
import { runCompressJob } from './compress-job.js';
import { ensureDir, FILE_MODE, promoteNoClobber } from './durable.js';
import { backupFileName, partName, type BackupName } from './names.js';

/** gzip -1: the level the figure is measured against; etcd pages still shrink well at it. */
export const GZIP_LEVEL = 1;

export interface StoredBackup {
  /** Relative to the backup dir. */
  file: string;
  path: string;
  storedBytes: number;
  sha256: string;
  check: SnapshotCheck;
}

/** A snapshot that failed verification (the message lists why); nothing was stored. */
export class SnapshotRejected extends ActionFailed {
  constructor(readonly check: SnapshotCheck, what: string) {
    super(`${what}: ${check.problems.map((p) => p.message).join('; ')}`);
  }
}

/** The backup dir cannot take the write (full, read-only, no permission): retrying elsewhere will not help. */
export class DiskError extends ActionFailed {}

/** An errno from the disk as one line naming the file. */
export function diskError(e: unknown, path: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = { ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'operation not permitted', EIO: 'I/O error' };
  if (code && why[code]) return new DiskError(`cannot write ${path}: ${why[code]}`, { cause: e });
  return e as Error;
}

export interface StoreOptions {
  rawPath: string;
  dir: string;
  name: BackupName;
  pid: number;
  /** talosctl's `total size` (etcdutl Status: tx.Size() = pgid × pageSize), cross-checked with the meta page. */
  expectTotalSize?: number;
  signal?: AbortSignal;
}

export async function storeSnapshot(opts: StoreOptions): Promise<StoredBackup> {
  const fileName = backupFileName(opts.name);
  const clusterDir = join(opts.dir, opts.name.cluster);
  await ensureDir(clusterDir);
  const final = join(clusterDir, fileName);
  const part = join(clusterDir, partName(fileName, opts.pid));
  let promoted = false;
  try {
    let job;
    try {
      job = await runCompressJob({ rawPath: opts.rawPath, partPath: part, gzip: opts.name.compression === 'gzip', level: GZIP_LEVEL }, opts.signal);
    } catch (e) {
      throw diskError(e, final);
    }
    const { check, storedBytes, sha256 } = job;
    const fileTotal = check.pgid !== undefined && check.pageSize !== undefined ? check.pgid * check.pageSize : undefined;
    if (opts.expectTotalSize !== undefined && fileTotal !== undefined && fileTotal !== opts.expectTotalSize) {
      check.problems.push({ code: 'size-mismatch', message: `talosctl reported total size ${opts.expectTotalSize} but the meta page gives ${fileTotal}` });
      check.ok = false;
    }
    if (!check.ok) throw new SnapshotRejected(check, `${opts.name.cluster}: the snapshot failed verification`);
    await promoteNoClobber(part, final).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ActionFailed(`${final} already exists; not overwriting a backup`);
      throw diskError(e, final);
    });
    promoted = true;
    return { file: `${opts.name.cluster}/${fileName}`, path: final, storedBytes, sha256, check };
  } finally {
    if (!promoted) await unlink(part).catch(() => undefined);
  }
}
