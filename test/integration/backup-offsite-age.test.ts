/**
 * `plat backup decrypt` and plat's age files against the REAL `age` CLI, both ways: age decrypts
 * what plat sealed (several recipients, sizes around the 64 KiB chunk), plat decrypts what age
 * sealed; a wrong identity, a truncated file and an armored file give clear errors and leave no
 * output file (nor temp file) behind; the identity never appears in any output.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealFile } from '../../src/backup/index.js';
import { runCryptJob } from '../../src/backup/encrypt-job.js';
import { runPlat } from '../support/plat.js';
import { requireBinaries } from '../support/real.js';

const bins = requireBinaries(['age', 'age-keygen'], 'age interop');
let dir: string;
const keys: { file: string; identity: string; recipient: string }[] = [];
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const plat = (args: string[]) => runPlat(args, { cwd: dir, env: { HOME: dir } });

beforeAll(() => {
  if (!bins) return;
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  for (const n of ['a', 'b', 'wrong']) {
    const file = join(dir, `${n}.key`);
    execFileSync(bins['age-keygen']!, ['-o', file], { stdio: 'ignore' });
    keys.push({ file, identity: readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'))!, recipient: execFileSync(bins['age-keygen']!, ['-y', file], { encoding: 'utf8' }).trim() });
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!bins)('age interop', () => {
  it('the age CLI decrypts what plat sealed, with either recipient, at sizes around a chunk', async () => {
    for (const size of [0, 1, 65535, 65536, 65537, 5 * 1024 * 1024 + 3]) {
      const plain = randomBytes(size);
      writeFileSync(join(dir, 'plain'), plain);
      rmSync(join(dir, 'sealed.age'), { force: true });
      await sealFile(join(dir, 'plain'), join(dir, 'sealed.age'), [keys[0]!.recipient, keys[1]!.recipient]);
      for (const k of keys.slice(0, 2)) {
        const out = execFileSync(bins!['age']!, ['-d', '-i', k.file, join(dir, 'sealed.age')], { maxBuffer: 64 * 1024 * 1024 });
        expect(out.equals(plain), `${size} bytes`).toBe(true);
      }
    }
  });

  it('the age CLI decrypts a large file that a worker and the main thread sealed together', async () => {
    const plain = randomBytes(24 * 1024 * 1024 + 3);
    writeFileSync(join(dir, 'plain'), plain);
    rmSync(join(dir, 'sealed.age'), { force: true });
    // waitForWorker: the worker is up before the payload starts, so both threads take ranges.
    await runCryptJob({ kind: 'seal', recipients: [keys[0]!.recipient], srcPath: join(dir, 'plain'), outPath: join(dir, 'sealed.age'), sync: false, waitForWorker: true });
    const out = execFileSync(bins!['age']!, ['-d', '-i', keys[0]!.file, join(dir, 'sealed.age')], { maxBuffer: 64 * 1024 * 1024 });
    expect(out.equals(plain)).toBe(true);
  });

  it('plat decrypts what the age CLI sealed, and verifies the snapshot inside', async () => {
    const snapshot = readFileSync(new URL('../fixtures/etcd/etcd-3.4-snapshot.db', import.meta.url));
    const name = 'etcd-infra-20261127T120000Z-rev9.db.gz';
    writeFileSync(join(dir, name), gzipSync(snapshot));
    execFileSync(bins!['age']!, ['-r', keys[0]!.recipient, '-o', join(dir, `${name}.age`), join(dir, name)]);
    rmSync(join(dir, name));
    const r = await plat(['backup', 'decrypt', `${name}.age`, '--identity', keys[0]!.file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^decrypted .*${name}\\.age → .*${name} \\(.*\\); the snapshot inside verified`));
    expect(gzipSync(snapshot).length).toBe(readFileSync(join(dir, name)).length);
    expect(readFileSync(join(dir, name)).equals(gzipSync(snapshot))).toBe(true);

    // a big file, JSON output: same bytes as age -d
    const big = randomBytes(9 * 1024 * 1024 + 77);
    writeFileSync(join(dir, 'big'), big);
    execFileSync(bins!['age']!, ['-r', keys[1]!.recipient, '-o', join(dir, 'big.age'), join(dir, 'big')]);
    const j = await plat(['backup', 'decrypt', 'big.age', '-i', keys[1]!.file, '--out', 'big.out', '-o', 'json']);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ bytes: big.length, sha256: sha(join(dir, 'big')) });
    expect(readFileSync(join(dir, 'big.out')).equals(big)).toBe(true);
    const again = await plat(['backup', 'decrypt', 'big.age', '-i', keys[1]!.file, '--out', 'big.out']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; not overwriting it');
  });

  it('a wrong identity, a truncated file, an armored file: a clear error and no output file left', async () => {
    writeFileSync(join(dir, 'w'), randomBytes(300_000));
    execFileSync(bins!['age']!, ['-r', keys[0]!.recipient, '-o', join(dir, 'w.age'), join(dir, 'w')]);
    const before = readdirSync(dir).sort();

    const wrong = await plat(['backup', 'decrypt', 'w.age', '-i', keys[2]!.file, '--out', 'w.out']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/w\.age was not encrypted to the given identity \(recipients in the file: X25519\)/);

    writeFileSync(join(dir, 'cut.age'), readFileSync(join(dir, 'w.age')).subarray(0, 200_000));
    const cut = await plat(['backup', 'decrypt', 'cut.age', '-i', keys[0]!.file, '--out', 'cut.out']);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/cut\.age: the encrypted payload is truncated or damaged/);

    execFileSync(bins!['age']!, ['-a', '-r', keys[0]!.recipient, '-o', join(dir, 'arm.age'), join(dir, 'w')]);
    const arm = await plat(['backup', 'decrypt', 'arm.age', '-i', keys[0]!.file, '--out', 'arm.out']);
    expect(arm.code).toBe(1);
    expect(arm.stderr).toContain('is ASCII-armored (age -a)');

    copyFileSync(join(dir, 'w.age'), join(dir, 'bad-id.txt'));
    const badId = await plat(['backup', 'decrypt', 'w.age', '-i', 'bad-id.txt', '--out', 'x.out']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('is itself encrypted');

    expect(readdirSync(dir).sort()).toEqual([...before, 'arm.age', 'bad-id.txt', 'cut.age'].sort());
    for (const o of [wrong, cut, arm, badId]) for (const k of keys) expect(o.stdout + o.stderr).not.toContain(k.identity);
  });
});
