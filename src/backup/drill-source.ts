/**
 * What a drill restores: the newest good backup of each cluster (or the file named), turned back
 * into the plain snapshot — stored bytes hashed for the catalog comparison, `.age` opened by an
 * injected decryption (the caller holds the identity; the backup room never needs one) into a
 * temp file, `.gz` gunzipped in one streaming pass with the plaintext run through the snapshot
 * verifier on its way to disk. Nothing is held in memory whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { isPlatError, UserError } from '../errors/index.js';
import { READ_CHUNK, SnapshotVerifier, type SnapshotCheck } from '../etcd/index.js';
import type { CatalogEntry } from './catalog.js';
import { listBackups } from './inventory.js';
import { parseBackupFileName } from './names.js';
import { compareText } from '../conventions/index.js';

/** Open an age file into a new file (what `age -d -o dest src` does); injected by the caller. */
export type DecryptFile = (src: string, dest: string, signal?: AbortSignal) => Promise<{ bytes: number; sha256: string }>;

export interface DrillTarget {
  cluster: string;
  /** `<cluster>/<file>` relative to the backup dir when catalogued, else the absolute path. */
  file: string;
  path: string;
  entry?: CatalogEntry;
}

export interface DrillSelection {
  targets: DrillTarget[];
  /** Clusters asked for that have no good backup to drill. */
  missing: string[];
}

const exists = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/** `etcd-infra-….db.gz.age` → its cluster, from the name plat gives every backup. */
function clusterFromName(path: string): string | undefined {
  return parseBackupFileName(basename(path).replace(/\.age$/, ''))?.cluster;
}

export async function drillTargets(dir: string, opts: { file?: string; cwd: string; clusters: readonly string[] }): Promise<DrillSelection> {
  const inv = await listBackups(dir, opts.file ? undefined : opts.clusters);
  if (opts.file) {
    const candidates = isAbsolute(opts.file) ? [opts.file] : [resolve(opts.cwd, opts.file), join(dir, opts.file)];
    let path: string | undefined;
    for (const c of candidates) if (await exists(c)) path = path ?? c;
    if (!path) throw new UserError(`${opts.file}: no such backup file`, { hint: `plat backup list shows the backups in ${dir}` });
    const rel = relative(dir, path);
    const row = inv.rows.find((r) => r.file === rel && r.entry);
    if (row?.entry) return { targets: [{ cluster: row.cluster, file: row.file, path, entry: row.entry }], missing: [] };
    return { targets: [{ cluster: clusterFromName(path) ?? '(unknown)', file: path, path }], missing: [] };
  }
  const targets: DrillTarget[] = [];
  const missing: string[] = [];
  for (const cluster of opts.clusters) {
    const newest = inv.rows.filter((r) => r.cluster === cluster && r.state === 'ok' && r.entry).sort((a, b) => compareText(b.takenAt, a.takenAt))[0];
    if (newest?.entry) targets.push({ cluster, file: newest.file, path: join(dir, newest.file), entry: newest.entry });
    else missing.push(cluster);
  }
  return { targets, missing };
}

/**
 * A copy of a live member's `member/snap/db` (the Talos DR guide's last resort, backup.md §1.2):
 * no sha256 trailer, possibly preallocated past pgid × pageSize, and two meta pages from two
 * different transactions (a live bbolt alternates them) — but both valid, and no page missing.
 */
export function isDataDirCopy(check: SnapshotCheck): boolean {
  const codes = check.problems.map((p) => p.code);
  const whole = check.pgid !== undefined && check.pageSize !== undefined && check.pgid * check.pageSize <= check.sizeBytes;
  return whole && codes.includes('no-sha256-trailer') && codes.every((c) => c === 'no-sha256-trailer' || c === 'size-mismatch' || c === 'meta-mismatch');
}

export interface Plaintext {
  storedBytes: number;
  /** SHA-256 of the stored (compressed/encrypted) bytes, as the catalog records it. */
  sha256: string;
  /** For an `.age` file: size and SHA-256 of what was inside (the catalog's `encryption.plain*`). */
  inner?: { bytes: number; sha256: string };
  check: SnapshotCheck;
  /** A damaged gzip or age stream, when that stopped the pass. */
  streamError?: string;
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    h.update(c as Buffer);
    bytes += (c as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** Write the plain snapshot of `path` to `out` (`work` holds the decrypted file of an `.age` meanwhile). */
export async function writePlaintext(path: string, out: string, opts: { decrypt?: DecryptFile; signal?: AbortSignal; work?: string } = {}): Promise<Plaintext> {
  const name = basename(path);
  if (!name.endsWith('.age')) return unpack(path, out, opts.signal);
  const inner = name.slice(0, -'.age'.length);
  if (!opts.decrypt) {
    throw new UserError(`${name} is age-encrypted: the drill needs the identity to open it`, { hint: `plat backup drill ${name} --identity <age identity file>` });
  }
  const stored = await hashFile(path);
  const opened = join(opts.work ?? dirname(out), inner);
  try {
    let got: { bytes: number; sha256: string };
    try {
      got = await opts.decrypt(path, opened, opts.signal);
    } catch (e) {
      if (opts.signal?.aborted || !isPlatError(e) || e.exitCode !== 1) throw e;
      return { storedBytes: stored.bytes, sha256: stored.sha256, check: new SnapshotVerifier().finish(), streamError: e.message };
    }
    const plain = await unpack(opened, out, opts.signal);
    return { ...plain, storedBytes: stored.bytes, sha256: stored.sha256, inner: got };
  } finally {
    await rm(opened, { force: true });
  }
}

/** gunzip (for `.gz`) and verify in one pass; the stored bytes hashed on the way in. */
async function unpack(path: string, out: string, signal?: AbortSignal): Promise<Plaintext> {
  const name = basename(path);
  const hash = createHash('sha256');
  let storedBytes = 0;
  const verifier = new SnapshotVerifier();
  const count = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      storedBytes += chunk.length;
      cb(null, chunk);
    },
  });
  const check = new Transform({
    highWaterMark: READ_CHUNK,
    transform(chunk: Buffer, _e, cb) {
      verifier.update(chunk);
      cb(null, chunk);
    },
  });
  const gunzip = name.endsWith('.gz') ? createGunzip() : new PassThrough();
  try {
    await pipeline(createReadStream(path, { highWaterMark: READ_CHUNK }), count, gunzip, check, createWriteStream(out, { mode: 0o600 }), signal ? { signal } : {});
  } catch (e) {
    if (signal?.aborted) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (!name.endsWith('.gz') || !/^Z_|ERR_/.test(code)) throw e;
    // the gzip stream stopped early: hash every stored byte on its own for the catalog comparison
    const whole = await hashFile(path);
    return { storedBytes: whole.bytes, sha256: whole.sha256, check: verifier.finish(), streamError: `gunzip stopped: ${(e as Error).message}` };
  }
  return { storedBytes, sha256: hash.digest('hex'), check: verifier.finish() };
}
