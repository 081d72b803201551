/**
 * From the raw snapshot talosctl saved to the stored backup, in one streaming pass: every chunk
 * feeds the snapshot verifier and the compressor; the compressed bytes are hashed and written to
 * a hidden `.part` file; then fsync, and — only if the snapshot verified — the final name via a
 * no-clobber link. With age recipients, the verified `.part` is encrypted into a second hidden
 * `.part` (`….db.gz.age`), the plaintext one removed, and only the encrypted file is promoted.
 * A crash or a failed check at any point leaves no file under a final name.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionFailed } from '../errors/index.js';
import type { SnapshotCheck } from '../etcd/index.js';
import { runCompressJob } from './compress-job.js';
import { ensureDir, FILE_MODE, promoteNoClobber } from './durable.js';
import { sealFile } from './encrypt.js';
import { storedFileName } from './encrypt-names.js';
import { partName, type BackupName } from './names.js';

/** gzip -1: the level the figure is measured against; etcd pages still shrink well at it. */
export const GZIP_LEVEL = 1;

export interface StoredBackup {
  /** Relative to the backup dir. */
  file: string;
  path: string;
  storedBytes: number;
  sha256: string;
  check: SnapshotCheck;
  /** Set when the stored file is age-encrypted: what was encrypted (the compressed snapshot). */
  sealed?: { recipients: string[]; plainBytes: number; plainSha256: string };
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
  /** age X25519 recipients (`age1…`): store `….age`, encrypted to all of them. */
  recipients?: readonly string[];
  signal?: AbortSignal;
}

export async function storeSnapshot(opts: StoreOptions): Promise<StoredBackup> {
  const sealing = !!opts.recipients?.length;
  const fileName = storedFileName(opts.name, sealing);
  const clusterDir = join(opts.dir, opts.name.cluster);
  await ensureDir(clusterDir);
  const final = join(clusterDir, fileName);
  const plainPart = join(clusterDir, partName(storedFileName(opts.name, false), opts.pid));
  const part = join(clusterDir, partName(fileName, opts.pid));
  let promoted = false;
  try {
    let job;
    try {
      job = await runCompressJob({ rawPath: opts.rawPath, partPath: plainPart, gzip: opts.name.compression === 'gzip', level: GZIP_LEVEL }, opts.signal);
    } catch (e) {
      throw diskError(e, final);
    }
    const { check } = job;
    let { storedBytes, sha256 } = job;
    const fileTotal = check.pgid !== undefined && check.pageSize !== undefined ? check.pgid * check.pageSize : undefined;
    if (opts.expectTotalSize !== undefined && fileTotal !== undefined && fileTotal !== opts.expectTotalSize) {
      check.problems.push({ code: 'size-mismatch', message: `talosctl reported total size ${opts.expectTotalSize} but the meta page gives ${fileTotal}` });
      check.ok = false;
    }
    if (!check.ok) throw new SnapshotRejected(check, `${opts.name.cluster}: the snapshot failed verification`);
    let sealed: StoredBackup['sealed'];
    if (sealing) {
      const recipients = [...opts.recipients!];
      const out = await sealFile(plainPart, part, recipients, opts.signal).catch((e: unknown) => {
        throw diskError(e, final);
      });
      sealed = { recipients, plainBytes: storedBytes, plainSha256: sha256 };
      ({ bytes: storedBytes, sha256 } = out);
      await unlink(plainPart);
    }
    await promoteNoClobber(part, final).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ActionFailed(`${final} already exists; not overwriting a backup`);
      throw diskError(e, final);
    });
    promoted = true;
    return { file: `${opts.name.cluster}/${fileName}`, path: final, storedBytes, sha256, check, ...(sealed ? { sealed } : {}) };
  } finally {
    if (sealing) await unlink(plainPart).catch(() => undefined);
    if (!promoted) await unlink(part).catch(() => undefined);
  }
}
