/**
 * Re-check a stored backup (`plat backup verify`): hash the bytes on disk, decompress as a stream
 * and run the snapshot verifier again, and compare both with what the catalog recorded.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { READ_CHUNK, SnapshotVerifier, type SnapshotCheck } from '../etcd/index.js';
import type { CatalogEntry } from './catalog.js';

export interface StoredCheck {
  path: string;
  ok: boolean;
  /** Most important first. */
  problems: string[];
  storedBytes: number;
  sha256: string;
  snapshot?: SnapshotCheck;
}

async function hashFile(path: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK, ...(signal ? { signal } : {}) })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function verifyStoredFile(path: string, entry?: CatalogEntry, opts: { signal?: AbortSignal } = {}): Promise<StoredCheck> {
  const hash = createHash('sha256');
  const verifier = new SnapshotVerifier();
  let storedBytes = 0;
  let gzipDamage: string | undefined;
  const count = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      storedBytes += chunk.length;
      cb(null, chunk);
    },
  });
  const sink = new Writable({
    highWaterMark: READ_CHUNK,
    write(chunk: Buffer, _e, cb) {
      verifier.update(chunk);
      cb();
    },
  });
  const gz = path.endsWith('.gz');
  let sha256: string;
  try {
    const source = createReadStream(path, { highWaterMark: READ_CHUNK });
    const o = opts.signal ? { signal: opts.signal } : {};
    if (gz) await pipeline(source, count, createGunzip(), sink, o);
    else await pipeline(source, count, sink, o);
    sha256 = hash.digest('hex');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path, ok: false, problems: ['the file is missing'], storedBytes: 0, sha256: '' };
    if (!gz || !/^Z_|ERR_/.test(code ?? '')) throw e;
    gzipDamage = `gzip stream is damaged: ${(e as Error).message}`;
    // the decompression stopped early: hash every stored byte on its own for the catalog comparison
    ({ sha256, bytes: storedBytes } = await hashFile(path, opts.signal));
  }
  const problems: string[] = [];
  if (entry) {
    if (entry.storedBytes !== storedBytes) problems.push(`size ${storedBytes} differs from the catalog's ${entry.storedBytes}`);
    if (entry.sha256 !== sha256) problems.push(`sha256 of the stored bytes differs from the catalog (${sha256.slice(0, 16)}… vs ${entry.sha256.slice(0, 16)}…)`);
  }
  const snapshot = verifier.finish();
  if (gzipDamage) problems.push(gzipDamage);
  else problems.push(...snapshot.problems.map((p) => p.message));
  if (entry && !gzipDamage && snapshot.trailerSha256 && entry.trailerSha256 !== snapshot.trailerSha256) problems.push('the snapshot trailer differs from the one catalogued');
  return { path, ok: problems.length === 0, problems, storedBytes, sha256, snapshot };
}
