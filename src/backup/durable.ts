/**
 * Durable writes: temp file, fsync, rename, fsync the directory (so the rename itself survives a
 * power cut). Everything that holds backup data or metadata is 0600, directories 0700.
 */
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir } from '../conventions/index.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

/** Write `data` to `path` atomically: readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, tmpSuffix: string): Promise<void> {
  const tmp = `${path}.${tmpSuffix}.tmp`;
  const fh = await open(tmp, 'w', FILE_MODE);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dirname(path));
}

/**
 * Give a complete, fsynced file its final name without ever replacing an existing one: link()
 * fails with EEXIST where rename() would silently overwrite. Filesystems without hard links
 * (some network mounts) fall back to an existence check plus rename.
 */
export async function promoteNoClobber(tmp: string, final: string): Promise<void> {
  try {
    await link(tmp, final);
    await unlink(tmp);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
    const exists = await open(final, 'r').then((fh) => fh.close().then(() => true), () => false);
    if (exists) throw Object.assign(new Error(`${final} already exists`), { code: 'EEXIST' });
    await rename(tmp, final);
  }
  await fsyncDir(dirname(final));
}
