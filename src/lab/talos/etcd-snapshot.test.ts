import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBinaries } from '../../../test/support/real.js';
import { shippedSnapshot, takeLiveSnapshot } from './index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'plat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trailerOk = (b: Uint8Array) => b.length % 512 === 32 && createHash('sha256').update(b.subarray(0, b.length - 32)).digest().equals(Buffer.from(b.subarray(b.length - 32)));

describe('the shipped etcd snapshot', () => {
  it('is bbolt + a sha256 trailer with a valid bbolt meta page', () => {
    const s = shippedSnapshot();
    expect(trailerOk(s.bytes)).toBe(true);
    const meta = Buffer.from(s.bytes);
    expect(meta.readUInt32LE(16)).toBe(0xed0cdaed); // bbolt magic (backup.md §1.5)
    expect(meta.readUInt32LE(20)).toBe(2);
    expect(s.totalSize).toBe(s.bytes.length - 32);
  });
});

const bins = requireBinaries(['etcd', 'etcdctl'], 'live etcd snapshot');
describe.skipIf(!bins)('a live etcd snapshot', () => {
  it('takeLiveSnapshot saves a real snapshot and its status', async () => {
    const file = join(dir, 'live.db');
    const st = await takeLiveSnapshot(bins!['etcd']!, bins!['etcdctl']!, file);
    expect(trailerOk(readFileSync(file))).toBe(true);
    expect(st.revision).toBeGreaterThan(8);
  });

  it('the shipped status file agrees with `etcdctl snapshot status`', async () => {
    const { stdout } = await run(bins!['etcdctl']!, ['snapshot', 'status', new URL('../assets/etcd-snapshot.db', import.meta.url).pathname, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' } });
    const st = JSON.parse(stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
    const s = shippedSnapshot();
    expect([st.hash, st.revision, st.totalKey, st.totalSize]).toEqual([s.hash, s.revision, s.totalKeys, s.totalSize]);
  });
});
