import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from './bbolt-meta.js';
import { checkSnapshotBytes, SnapshotVerifier, type SnapshotProblemCode } from './snapshot-check.js';

const fixture = new Uint8Array(readFileSync(new URL('../../test/fixtures/etcd/etcd-3.4-snapshot.db', import.meta.url)));

interface MetaFields { pageSize?: number; root?: bigint; freelist?: bigint; pgid?: bigint; txid?: bigint; magic?: number; version?: number; flags?: number; id?: bigint }

/** A bbolt file as Tx.WriteTo writes it: meta0 (txid T), meta1 (T−1), data pages, then the sha256 trailer. */
function synthetic(opts: { pages?: number; pageSize?: number; m0?: MetaFields; m1?: MetaFields; trailer?: boolean; extra?: number } = {}): Uint8Array {
  const ps = opts.pageSize ?? 4096;
  const pages = opts.pages ?? 4;
  const body = new Uint8Array(pages * ps + (opts.extra ?? 0));
  for (let i = 2 * ps; i < body.length; i++) body[i] = (i * 31) & 0xff;
  const meta = (off: number, index: number, f: MetaFields) => {
    const v = new DataView(body.buffer, off, 80);
    v.setBigUint64(0, f.id ?? BigInt(index), true);
    v.setUint16(8, f.flags ?? 0x04, true);
    v.setUint32(16, f.magic ?? 0xed0cdaed, true);
    v.setUint32(20, f.version ?? 2, true);
    v.setUint32(24, f.pageSize ?? ps, true);
    v.setBigUint64(32, f.root ?? 2n, true);
    v.setBigUint64(48, f.freelist ?? 0xffffffffffffffffn, true);
    v.setBigUint64(56, f.pgid ?? BigInt(pages), true);
    v.setBigUint64(64, f.txid ?? (index === 0 ? 7n : 6n), true);
    v.setBigUint64(72, fnv1a64(body.subarray(off + 16, off + 72)), true);
  };
  meta(0, 0, opts.m0 ?? {});
  meta(ps, 1, opts.m1 ?? {});
  if (opts.trailer === false) return body;
  const out = new Uint8Array(body.length + 32);
  out.set(body);
  out.set(createHash('sha256').update(body).digest(), body.length);
  return out;
}

const codes = (b: Uint8Array) => checkSnapshotBytes(b).problems.map((p) => p.code);

describe('FNV-1a 64 (Go hash/fnv)', () => {
  it('matches the standard test vectors', () => {
    expect(fnv1a64(new Uint8Array())).toBe(0xcbf29ce484222325n);
    expect(fnv1a64(new TextEncoder().encode('a'))).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64(new TextEncoder().encode('foobar'))).toBe(0x85944171f73967e8n);
  });
});

describe('snapshot verification on a real etcd 3.4 snapshot', () => {
  it('passes and reports the file facts', () => {
    const c = checkSnapshotBytes(fixture);
    expect(c.problems).toEqual([]);
    expect(c).toMatchObject({ ok: true, sizeBytes: 20512, pageSize: 4096, pgid: 5, txid: 9 });
    expect(c.sha256).toBe(c.trailerSha256);
    expect(c.sha256).toBe(createHash('sha256').update(fixture.subarray(0, fixture.length - 32)).digest('hex'));
  });

  it('gives the same answer whatever the chunking (chunks shorter than the trailer included)', () => {
    for (const sizes of [[1], [7, 31, 33], [32], [4096], [5000, 3]]) {
      const v = new SnapshotVerifier();
      let off = 0;
      for (let k = 0; off < fixture.length; k++) {
        const n = sizes[k % sizes.length]!;
        v.update(fixture.subarray(off, off + n));
        off += n;
      }
      expect(v.finish()).toEqual(checkSnapshotBytes(fixture));
    }
  });

  it('missing trailer, truncation, zeroed meta page', () => {
    expect(codes(fixture.subarray(0, fixture.length - 32))[0]).toBe('no-sha256-trailer');
    expect(codes(fixture.subarray(0, 10_000))[0]).toBe('no-sha256-trailer');
    expect(codes(fixture.subarray(0, 100))[0]).toBe('too-small');
    const z0 = Uint8Array.from(fixture).fill(0, 0, 4096);
    expect(codes(z0)).toEqual(['sha256-mismatch', 'meta0-invalid']);
    const z1 = Uint8Array.from(fixture).fill(0, 4096, 8192);
    expect(codes(z1)).toEqual(['sha256-mismatch', 'meta1-invalid']);
    // truncated on a sector boundary keeps "size % 512 == 32" but loses pages
    const cut = Uint8Array.from(fixture.subarray(0, 16384 + 32));
    expect(codes(cut)).toEqual(['sha256-mismatch', 'size-mismatch']);
  });
});

describe('snapshot verification on synthetic bbolt files', () => {
  it('a well-formed file passes', () => {
    expect(checkSnapshotBytes(synthetic())).toMatchObject({ ok: true, pageSize: 4096, pgid: 4, txid: 7 });
    expect(checkSnapshotBytes(synthetic({ pageSize: 16384, pages: 3 }))).toMatchObject({ ok: true, pageSize: 16384 });
  });

  const cases: [string, Parameters<typeof synthetic>[0], SnapshotProblemCode[], RegExp][] = [
    ['bad magic', { m0: { magic: 0xdeadbeef } }, ['meta0-invalid'], /bad magic 0xdeadbeef/],
    ['version 3', { m1: { version: 3 } }, ['meta1-invalid'], /version 3 \(want 2\)/],
    ['root beyond pgid', { m0: { root: 9n }, m1: { root: 9n } }, ['meta0-invalid', 'meta1-invalid'], /root page 9 ≥ pgid 4/],
    ['freelist beyond pgid', { m0: { freelist: 4n } }, ['meta0-invalid'], /freelist page 4 ≥ pgid 4/],
    ['not a meta page', { m0: { flags: 0x02 } }, ['meta0-invalid'], /page flags 0x2/],
    ['wrong page id', { m1: { id: 0n } }, ['meta1-invalid'], /page id 0 \(want 1\)/],
    ['page size not a power of two', { m0: { pageSize: 3000 } }, ['meta0-invalid'], /page size 3000/],
    ['txids not consecutive', { m1: { txid: 7n } }, ['meta-mismatch'], /txid 7\/7/],
    ['pgid differs', { m1: { pgid: 3n } }, ['meta-mismatch'], /pgid 4\/3/],
    ['more bytes than pgid pages', { extra: 4096 }, ['size-mismatch'], /4 × page size 4096 = 16384/],
    ['hash-less copy', { trailer: false }, ['no-sha256-trailer'], /sha256 trailer is missing/],
  ];
  it.each(cases)('%s', (_name, opts, expected, message) => {
    const c = checkSnapshotBytes(synthetic(opts));
    expect(c.problems.map((p) => p.code)).toEqual(expected);
    expect(c.problems.map((p) => p.message).join('\n')).toMatch(message);
    expect(c.ok).toBe(false);
  });

  it('a bad checksum names both values', () => {
    const b = synthetic();
    b[40] ^= 1; // root.sequence: covered by the checksum, not checked otherwise
    const c = checkSnapshotBytes(b);
    expect(c.problems.map((p) => p.code)).toEqual(['sha256-mismatch', 'meta0-invalid']);
    expect(c.problems[1]!.message).toMatch(/^meta page 0: checksum 0x[0-9a-f]+ does not match FNV-1a 0x[0-9a-f]+$/);
    expect(c.pgid).toBe(4); // meta 1 still counts, as bbolt would fall back to it
  });
});
