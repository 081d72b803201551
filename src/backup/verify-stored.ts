/**
 * Re-check a stored backup (`plat backup verify`): hash the bytes on disk, decompress as a stream
 * and run the snapshot verifier again, and compare both with what the catalog recorded. An
 * age-encrypted backup cannot be opened without its identity, which the backup host need not
 * hold: its check is the header's shape, a payload size age can produce, and the size and
 * SHA-256 the catalog recorded when the snapshot inside was verified.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { READ_CHUNK, SnapshotVerifier, type SnapshotCheck } from '../etcd/index.js';
import type { CatalogEntry } from './catalog.js';
import { readAgeHeader, sealedSizeProblem } from './encrypt-header.js';
import { SEALED_SUFFIX } from './encrypt-names.js';

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

/** The structural check of an age file: its header and a payload size age can produce. */
export async function sealedFileProblems(path: string, size: number): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const h = readAgeHeader(head.subarray(0, bytesRead));
    if (!h.ok) return [`the file ${h.problem}`];
    const p = sealedSizeProblem(size, h.header.headerBytes);
    return p ? [p] : [];
  } finally {
    await fh.close();
  }
}

async function verifySealedFile(path: string, entry: CatalogEntry | undefined, signal?: AbortSignal): Promise<StoredCheck> {
  let hashed: { sha256: string; bytes: number };
  try {
    hashed = await hashFile(path, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path, ok: false, problems: ['the file is missing'], storedBytes: 0, sha256: '' };
    throw e;
  }
  const problems = await sealedFileProblems(path, hashed.bytes);
  if (entry) {
    if (entry.storedBytes !== hashed.bytes) problems.unshift(`size ${hashed.bytes} differs from the catalog's ${entry.storedBytes}`);
    if (entry.sha256 !== hashed.sha256) problems.unshift(`sha256 of the stored bytes differs from the catalog (${hashed.sha256.slice(0, 16)}… vs ${entry.sha256.slice(0, 16)}…)`);
  } else problems.push('encrypted and not catalogued: nothing to compare it with (plat backup decrypt, then verify the result)');
  return { path, ok: problems.length === 0, problems, storedBytes: hashed.bytes, sha256: hashed.sha256 };
}

export async function verifyStoredFile(path: string, entry?: CatalogEntry, opts: { signal?: AbortSignal } = {}): Promise<StoredCheck> {
  if (path.endsWith(SEALED_SUFFIX)) return verifySealedFile(path, entry, opts.signal);
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
