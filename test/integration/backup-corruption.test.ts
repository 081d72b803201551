/**
 * The native verifier against damage to a real snapshot: a real etcd filled with keys,
 * `etcdctl snapshot save`, then 100 single-bit flips at seeded random offsets, truncations, a
 * zeroed meta page and a missing trailer. Every one must be caught, for the right reason.
 * (The snapshot is taken with etcdctl directly: the verifier only needs a Snapshot-API file.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSnapshotBytes, verifySnapshotFile, type SnapshotProblemCode } from '../../src/etcd/index.js';
import { requireBinaries } from '../support/real.js';
import { startEtcd, type RealEtcd } from './backup-etcd.js';
import { seeded } from '../support/seeded.js';

const bins = requireBinaries(['etcd', 'etcdctl'], 'corruption detection on a real etcd snapshot');

/** What a flip of byte `off` must be reported as, from the layout (backup.md §1.5). */
function expectedFor(off: number, size: number, pageSize: number): SnapshotProblemCode[] {
  const codes: SnapshotProblemCode[] = ['sha256-mismatch'];
  if (off >= size - 32) return codes; // the trailer itself
  for (const [page, code] of [[0, 'meta0-invalid'], [1, 'meta1-invalid']] as const) {
    const rel = off - page * pageSize;
    // checked: page id (0-7), flags (8-9) and everything the FNV checksum covers plus the checksum (16-79);
    // count (10-11) and overflow (12-15) are not read by bbolt for meta pages
    if ((rel >= 0 && rel < 10) || (rel >= 16 && rel < 80)) codes.push(code);
  }
  return codes;
}

describe.skipIf(!bins)('snapshot verification catches damage to a real etcd snapshot', () => {
  let dir: string;
  let etcd: RealEtcd;
  let snapshot: Uint8Array;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    etcd = await startEtcd({ etcd: bins!['etcd']!, etcdctl: bins!['etcdctl']! }, join(dir, 'data'));
    const rnd = seeded(6);
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => etcd.put(`/registry/configmaps/ns-${batch}/cm-${i}`, Buffer.from(Array.from({ length: 200 + Math.floor(rnd() * 2000) }, () => Math.floor(rnd() * 256))))));
    }
    await etcd.etcdctl('snapshot', 'save', join(dir, 'real.db'));
    snapshot = new Uint8Array(readFileSync(join(dir, 'real.db')));
  }, 60_000);
  afterAll(async () => {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the pristine snapshot verifies, streamed from disk, with the layout etcd wrote', async () => {
    const c = await verifySnapshotFile(join(dir, 'real.db'));
    expect(c.problems).toEqual([]);
    expect(c.sizeBytes % 512).toBe(32);
    expect(c.sizeBytes - 32).toBe(c.pgid! * c.pageSize!);
    expect(c.sizeBytes).toBeGreaterThan(500_000);
  });

  it('100 single-bit flips at random offsets: 100 % detected, each with the right reasons', () => {
    const rnd = seeded(2026);
    const pageSize = checkSnapshotBytes(snapshot).pageSize!;
    // half anywhere, half in the two meta pages' checked bytes, where the layout matters most
    const offsets = Array.from({ length: 100 }, (_, i) => (i % 2 ? Math.floor(rnd() * snapshot.length) : Math.floor(rnd() * 2) * pageSize + Math.floor(rnd() * 80)));
    let detected = 0;
    for (const off of offsets) {
      const bad = Uint8Array.from(snapshot);
      bad[off]! ^= 1 << Math.floor(rnd() * 8);
      const c = checkSnapshotBytes(bad);
      expect(c.ok, `flip at ${off}`).toBe(false);
      expect(c.problems.map((p) => p.code), `flip at ${off}`).toEqual(expectedFor(off, snapshot.length, pageSize));
      detected++;
    }
    expect(detected).toBe(100);
  });

  it('truncation anywhere is caught: no trailer, or (on a sector boundary) sha256 and missing pages', () => {
    const rnd = seeded(7);
    for (let i = 0; i < 50; i++) {
      const len = 1 + Math.floor(rnd() * (snapshot.length - 1));
      const c = checkSnapshotBytes(snapshot.subarray(0, len));
      expect(c.ok, `truncated to ${len}`).toBe(false);
      const first = c.problems[0]!.code;
      if (len < 32 + 2048) expect(first).toBe('too-small');
      else if (len % 512 === 32) expect(c.problems.map((p) => p.code)).toEqual(['sha256-mismatch', 'size-mismatch']);
      else expect(first).toBe('no-sha256-trailer');
    }
    const sector = snapshot.length - 512;
    expect(checkSnapshotBytes(snapshot.subarray(0, sector)).problems.map((p) => p.code)).toEqual(['sha256-mismatch', 'size-mismatch']);
  });

  it('a zeroed meta page, and a missing trailer (a data-dir copy)', () => {
    const pageSize = checkSnapshotBytes(snapshot).pageSize!;
    for (const [page, code] of [[0, 'meta0-invalid'], [1, 'meta1-invalid']] as const) {
      const bad = Uint8Array.from(snapshot).fill(0, page * pageSize, (page + 1) * pageSize);
      const c = checkSnapshotBytes(bad);
      expect(c.problems.map((p) => p.code)).toEqual(['sha256-mismatch', code]);
      expect(c.problems[1]!.message).toMatch(/bad magic 0x00000000/);
    }
    const hashless = snapshot.subarray(0, snapshot.length - 32);
    writeFileSync(join(dir, 'hashless.db'), hashless);
    const c = checkSnapshotBytes(hashless);
    expect(c.problems.map((p) => p.code)).toEqual(['no-sha256-trailer']);
    expect(c.problems[0]!.message).toMatch(/sha256 trailer is missing/);
  });
});
