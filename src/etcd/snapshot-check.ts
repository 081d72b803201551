/**
 * Verifies an etcd Snapshot-API file while it streams past, in bounded memory: the bbolt bytes
 * followed by the 32-byte SHA-256 of those bytes (etcd maintenance.go sends the digest as a last
 * message; backup.md §1.1). The checks, in the order a reader needs them (backup.md §1.6):
 *   1. size ≡ 32 (mod 512) — etcd's own `hasChecksum` rule; otherwise there is no trailer;
 *   2. SHA-256 of [0, size−32) equals the trailer — the check `etcdutl snapshot restore` does;
 *   3. both meta pages: magic, version 2, meta flag, page id, FNV-1a checksum, sane page size,
 *      root/freelist below pgid; and, as Tx.WriteTo writes them, txid0 = txid1 + 1 with the
 *      other fields equal;
 *   4. size − 32 = pgid × pageSize — Tx.WriteTo copies exactly tx.Size() = pgid × pageSize bytes.
 *      (backup.md suggested a warning until confirmed; the real-etcd tests confirm it, so it is an error.)
 * Deep structure (bbolt's tx.Check) stays with talosctl, which runs etcdutl's Status after saving.
 */
import { createHash, type Hash } from 'node:crypto';
import { MAX_PAGE_SIZE, META_BYTES, metaOneOffsets, readMetaPage, type MetaPage } from './bbolt-meta.js';

export const TRAILER_BYTES = 32;
const SECTOR = 512;
/** Enough of the head for meta 1 at the largest accepted page size. */
const HEAD_BYTES = MAX_PAGE_SIZE + META_BYTES;

export type SnapshotProblemCode =
  | 'too-small'
  | 'no-sha256-trailer'
  | 'sha256-mismatch'
  | 'meta0-invalid'
  | 'meta1-invalid'
  | 'meta-mismatch'
  | 'size-mismatch';

export interface SnapshotProblem {
  code: SnapshotProblemCode;
  message: string;
}

export interface SnapshotCheck {
  ok: boolean;
  /** The most important problem first. */
  problems: SnapshotProblem[];
  sizeBytes: number;
  /** SHA-256 (hex) of the bbolt bytes, i.e. everything before the trailer. */
  sha256?: string;
  /** The trailer as stored (hex); equal to sha256 when the file is good. */
  trailerSha256?: string;
  pageSize?: number;
  /** From the meta page bbolt would use (the valid one with the higher txid). */
  pgid?: number;
  txid?: number;
}

export class SnapshotVerifier {
  private readonly hash: Hash = createHash('sha256');
  private readonly head = new Uint8Array(HEAD_BYTES);
  private headLen = 0;
  /** The last ≤32 bytes seen: not hashed yet, because they may be the trailer. */
  private pending = new Uint8Array(0);
  private size = 0;

  update(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.headLen < HEAD_BYTES) {
      const take = Math.min(HEAD_BYTES - this.headLen, chunk.length);
      this.head.set(chunk.subarray(0, take), this.headLen);
      this.headLen += take;
    }
    this.size += chunk.length;
    if (chunk.length >= TRAILER_BYTES) {
      if (this.pending.length) this.hash.update(this.pending);
      this.hash.update(chunk.subarray(0, chunk.length - TRAILER_BYTES));
      this.pending = Uint8Array.from(chunk.subarray(chunk.length - TRAILER_BYTES));
      return;
    }
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const spill = Math.max(0, joined.length - TRAILER_BYTES);
    if (spill) this.hash.update(joined.subarray(0, spill));
    this.pending = joined.slice(spill);
  }

  finish(): SnapshotCheck {
    const problems: SnapshotProblem[] = [];
    const out: SnapshotCheck = { ok: false, problems, sizeBytes: this.size };
    const hasTrailer = this.size % SECTOR === TRAILER_BYTES;
    if (this.size < TRAILER_BYTES + 2 * 1024) {
      problems.push({ code: 'too-small', message: `${this.size} bytes is too small for an etcd snapshot (two bbolt meta pages and a sha256 trailer)` });
    } else if (!hasTrailer) {
      problems.push({
        code: 'no-sha256-trailer',
        message: `size ${this.size} is not 32 more than a multiple of 512: the sha256 trailer is missing (truncated file, or a copy of the data directory)`,
      });
    }
    const digest = this.hash.digest('hex');
    if (hasTrailer && this.size >= TRAILER_BYTES + 2 * 1024) {
      out.sha256 = digest;
      out.trailerSha256 = Buffer.from(this.pending).toString('hex');
      if (out.sha256 !== out.trailerSha256) {
        problems.push({ code: 'sha256-mismatch', message: `sha256 of the data (${digest.slice(0, 16)}…) does not match the trailer (${out.trailerSha256.slice(0, 16)}…)` });
      }
    }
    if (this.headLen >= META_BYTES) this.checkMeta(out, hasTrailer);
    out.ok = problems.length === 0;
    return out;
  }

  private checkMeta(out: SnapshotCheck, hasTrailer: boolean): void {
    const head = this.head.subarray(0, this.headLen);
    const m0 = readMetaPage(head, 0, 0);
    let m1: MetaPage | undefined;
    for (const off of metaOneOffsets(m0)) {
      if (off + META_BYTES > head.length) break;
      const cand = readMetaPage(head, off, 1);
      if (!m1 || cand.problems.length === 0) m1 = cand;
      if (cand.problems.length === 0) break;
    }
    if (m0.problems.length) out.problems.push({ code: 'meta0-invalid', message: `meta page 0: ${m0.problems.join('; ')}` });
    if (!m1) {
      out.problems.push({ code: 'meta1-invalid', message: 'meta page 1: the file ends before it' });
    } else if (m1.problems.length) {
      out.problems.push({ code: 'meta1-invalid', message: `meta page 1: ${m1.problems.join('; ')}` });
    }
    const valid = [m0, m1].filter((m): m is MetaPage => !!m && m.problems.length === 0);
    if (valid.length === 2) {
      const [a, b] = [m0, m1!];
      const same = a.pageSize === b.pageSize && a.root === b.root && a.freelist === b.freelist && a.pgid === b.pgid;
      // Tx.WriteTo: meta 0 gets txid T, meta 1 gets T−1, everything else copied from the same tx.
      if (!same || a.txid !== b.txid + 1n) {
        out.problems.push({ code: 'meta-mismatch', message: `meta pages disagree (txid ${a.txid}/${b.txid}, pgid ${a.pgid}/${b.pgid}, page size ${a.pageSize}/${b.pageSize}); a snapshot writes both from one transaction` });
      }
    }
    const best = valid.sort((x, y) => (x.txid > y.txid ? -1 : 1))[0];
    if (!best) return;
    out.pageSize = best.pageSize;
    out.pgid = Number(best.pgid);
    out.txid = Number(best.txid);
    const bbolt = this.size - (hasTrailer ? TRAILER_BYTES : 0);
    const expected = best.pgid * BigInt(best.pageSize);
    if (BigInt(bbolt) !== expected) {
      out.problems.push({
        code: 'size-mismatch',
        message: `the bbolt part is ${bbolt} bytes but pgid ${best.pgid} × page size ${best.pageSize} = ${expected}${BigInt(bbolt) < expected ? ' (pages are missing)' : ''}`,
      });
    }
  }
}

/** Verify a whole snapshot held in memory (tests, small files). */
export function checkSnapshotBytes(bytes: Uint8Array): SnapshotCheck {
  const v = new SnapshotVerifier();
  v.update(bytes);
  return v.finish();
}
