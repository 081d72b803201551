import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeSnapshot } from './store.js';
import { verifyStoredFile } from './verify-stored.js';
import { adoptUnlisted, removeWorkFiles } from './housekeeping.js';
import { readCatalog } from './catalog-file.js';

const fixture = new URL('../../test/fixtures/etcd/etcd-3.4-snapshot.db', import.meta.url);
const takenAt = Date.parse('2026-11-27T12:00:00Z');
let dir: string;
let raw: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  raw = join(dir, 'raw.db');
  copyFileSync(fixture, raw);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const name = { cluster: 'infra', takenAt, revision: 9, compression: 'gzip' as const };

describe('storing a snapshot', () => {
  it('verifies while compressing, writes 0600 under the final name, records both hashes', async () => {
    const s = await storeSnapshot({ rawPath: raw, dir, name, pid: 1, expectTotalSize: 20480 });
    expect(s.file).toBe('infra/etcd-infra-20261127T120000Z-rev9.db.gz');
    expect(statSync(s.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'infra')).mode & 0o777).toBe(0o700);
    expect(gunzipSync(readFileSync(s.path))).toEqual(readFileSync(raw));
    expect(s.check).toMatchObject({ ok: true, pgid: 5, pageSize: 4096, txid: 9 });
    expect(readdirSync(join(dir, 'infra'))).toEqual(['etcd-infra-20261127T120000Z-rev9.db.gz']);
    const again = await verifyStoredFile(s.path);
    expect(again).toMatchObject({ ok: true, storedBytes: s.storedBytes, sha256: s.sha256 });
  });

  it('a snapshot that fails verification is not stored, and no work file stays', async () => {
    const bad = readFileSync(raw);
    bad[5000] ^= 0x10;
    writeFileSync(raw, bad);
    await expect(storeSnapshot({ rawPath: raw, dir, name, pid: 1 })).rejects.toMatchObject({ name: 'SnapshotRejected', message: expect.stringMatching(/^infra: the snapshot failed verification: sha256 of the data/) });
    expect(readdirSync(join(dir, 'infra'))).toEqual([]);
  });

  it("talosctl's total size must match the meta page", async () => {
    await expect(storeSnapshot({ rawPath: raw, dir, name, pid: 1, expectTotalSize: 16384 })).rejects.toThrow(/talosctl reported total size 16384 but the meta page gives 20480/);
  });

  it('never overwrites an existing backup', async () => {
    await storeSnapshot({ rawPath: raw, dir, name, pid: 1 });
    await expect(storeSnapshot({ rawPath: raw, dir, name, pid: 2 })).rejects.toThrow(/already exists; not overwriting a backup/);
    expect(readdirSync(join(dir, 'infra'))).toHaveLength(1);
  });
});

describe('storing an encrypted snapshot', () => {
  it('verifies, compresses, encrypts to the recipients: only the 0600 .age file is left, and it opens to the gzip', async () => {
    const { Decrypter, generateIdentity, identityToRecipient } = await import('age-encryption');
    const identity = await generateIdentity();
    const s = await storeSnapshot({ rawPath: raw, dir, name, pid: 1, recipients: [await identityToRecipient(identity)] });
    expect(s.file).toBe('infra/etcd-infra-20261127T120000Z-rev9.db.gz.age');
    expect(readdirSync(join(dir, 'infra'))).toEqual(['etcd-infra-20261127T120000Z-rev9.db.gz.age']);
    expect(statSync(s.path).mode & 0o777).toBe(0o600);
    const d = new Decrypter();
    d.addIdentity(identity);
    const gz = Buffer.from(await d.decrypt(readFileSync(s.path)));
    expect(gunzipSync(gz)).toEqual(readFileSync(raw));
    expect(s.sealed).toMatchObject({ plainBytes: gz.length, plainSha256: createHash('sha256').update(gz).digest('hex') });
    expect(s.sha256).toBe(createHash('sha256').update(readFileSync(s.path)).digest('hex'));

    // without the identity, verify checks the header, the size and the catalogued hash
    const entry = { v: 1 as const, cluster: 'infra', file: s.file, takenAt: new Date(takenAt).toISOString(), node: 'infra-02', nodeAddress: '10.25.11.12', storedBytes: s.storedBytes, snapshotBytes: 20512, sha256: s.sha256, trailerSha256: s.check.trailerSha256!, pageSize: 4096, pgid: 5, txid: 9, compression: 'gzip' as const, verified: true as const, platVersion: 'test' };
    expect(await verifyStoredFile(s.path, entry)).toMatchObject({ ok: true, problems: [] });
    const cut = s.storedBytes - s.sealed!.plainBytes - 6; // 10 bytes of payload: less than one tag
    writeFileSync(s.path, readFileSync(s.path).subarray(0, cut));
    expect((await verifyStoredFile(s.path, entry)).problems).toEqual([expect.stringMatching(/^sha256 of the stored bytes differs/), `size ${cut} differs from the catalog's ${s.storedBytes}`, 'the encrypted payload size (10 bytes) is impossible for age: the file is truncated']);
  });
});

describe('re-verifying stored backups', () => {
  it('catches changed stored bytes, a damaged gzip stream and a missing file', async () => {
    const s = await storeSnapshot({ rawPath: raw, dir, name, pid: 1 });
    const entry = { v: 1 as const, cluster: 'infra', file: s.file, takenAt: new Date(takenAt).toISOString(), node: 'infra-02', nodeAddress: '10.25.11.12', storedBytes: s.storedBytes, snapshotBytes: 20512, sha256: s.sha256, trailerSha256: s.check.trailerSha256!, pageSize: 4096, pgid: 5, txid: 9, compression: 'gzip' as const, verified: true as const, platVersion: 'test' };
    const bytes = readFileSync(s.path);
    bytes[bytes.length - 20] ^= 0xff; // inside the deflate data / crc
    writeFileSync(s.path, bytes);
    const v = await verifyStoredFile(s.path, entry);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatch(/^sha256 of the stored bytes differs from the catalog/);
    writeFileSync(s.path, bytes.subarray(0, 200));
    expect((await verifyStoredFile(s.path, entry)).problems).toEqual([`size 200 differs from the catalog's ${s.storedBytes}`, expect.stringMatching(/^sha256 of the stored bytes differs/), expect.stringMatching(/^gzip stream is damaged: /)]);
    rmSync(s.path);
    expect((await verifyStoredFile(s.path, entry)).problems).toEqual(['the file is missing']);
  });
});

describe('after a crash', () => {
  it('work files are removed; a complete unlisted backup is re-verified and catalogued; a bad one is set aside', async () => {
    const s = await storeSnapshot({ rawPath: raw, dir, name, pid: 1 });
    const other = await storeSnapshot({ rawPath: raw, dir, name: { ...name, takenAt: takenAt + 1000 }, pid: 1 });
    writeFileSync(other.path, readFileSync(other.path).subarray(0, 100));
    writeFileSync(join(dir, 'infra', '.staging-20261127T120000Z-7.db.part'), 'x');
    writeFileSync(join(dir, 'infra', `.etcd-infra-20261127T120002Z-rev9.db.gz.7.part`), 'x');
    expect(await removeWorkFiles(dir, 'infra')).toHaveLength(2);
    const r = await adoptUnlisted(dir, 'infra', 'test');
    expect(r.adopted).toEqual([s.file]);
    expect(r.rejected.map((x) => x.file)).toEqual([other.file]);
    expect((await readCatalog(dir)).entries).toEqual([expect.objectContaining({ file: s.file, adopted: true, revision: 9, node: 'unknown', sha256: s.sha256 })]);
    expect(readdirSync(join(dir, 'infra')).sort()).toEqual([`.rejected-${other.file.split('/')[1]}`, s.file.split('/')[1]]);
  });

  it('an encrypted backup the catalog does not list is named, not adopted and not set aside (verifying it takes the identity)', async () => {
    const listed = await storeSnapshot({ rawPath: raw, dir, name, pid: 1 });
    await adoptUnlisted(dir, 'infra', 'test');
    const sealed = 'etcd-infra-20261127T130000Z-rev10.db.gz.age';
    writeFileSync(join(dir, 'infra', sealed), 'age-encryption.org/v1\n');
    const r = await adoptUnlisted(dir, 'infra', 'test');
    expect(r).toEqual({ adopted: [], rejected: [], sealed: [`infra/${sealed}`] });
    expect(readdirSync(join(dir, 'infra')).sort()).toEqual([listed.file.split('/')[1], sealed]);
  });
});
