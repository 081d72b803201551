/**
 * `plat backup run` (the built executable) against the lab, with age encryption and three
 * destinations: a real sshd (ok), the same sshd behind a changed host key (refused), and a local
 * directory (ok). The failing one does not stop the others; the run exits 1. Then `list --dest`,
 * `verify --dest`, `verify` of the encrypted local copy, and `plat backup decrypt` of it — whose
 * result the real `age` CLI agrees with. No identity line ever appears in any output.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/backup/index.js';
import { requireBinaries } from '../support/real.js';
import { requireSshd, startSshd, type RealSshd } from '../support/sshd.js';
import { startBackupLab, type BackupLab } from './backup-lab.js';

const ssh = requireSshd('plat backup run shipping to a real sshd');
const age = requireBinaries(['age', 'age-keygen'], 'plat backup run with age encryption');
const ready = !!ssh && !!age;

let lab: BackupLab;
let sshd: RealSshd;
let identity = '';
let recipient = '';
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

beforeAll(async () => {
  if (!ready) return;
  sshd = await startSshd(ssh!);
  lab = await startBackupLab({ retention: '{ keepLast: 3 }' });
  execFileSync(age!['age-keygen']!, ['-o', join(lab.dir, 'backup.key')], { stdio: 'ignore' });
  identity = readFileSync(join(lab.dir, 'backup.key'), 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
  recipient = execFileSync(age!['age-keygen']!, ['-y', join(lab.dir, 'backup.key')], { encoding: 'utf8' }).trim();
  for (const d of ['server', 'usb']) mkdirSync(join(lab.dir, d));
  chmodSync(lab.dir, 0o755);
  const sftp = (name: string, knownHosts: string, dir: string) =>
    `    - { name: ${name}, type: sftp, host: 127.0.0.1, port: ${sshd.port}, user: root, identityFile: ${sshd.identityFile}, knownHosts: ${knownHosts}, dir: ${dir}, retention: { keepDaily: 30 } }`;
  appendFileSync(
    lab.config,
    [
      '  encryption:',
      `    recipients: [${recipient}]`,
      '  destinations:',
      sftp('backup-server', sshd.knownHostsFile, join(lab.dir, 'server')),
      sftp('impostor', sshd.changedKnownHostsFile, join(lab.dir, 'server')),
      `    - { name: usb, type: local, dir: ${join(lab.dir, 'usb')}, every: weekly, retention: { keepWeekly: 26 } }`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await lab?.close();
  await sshd?.stop();
});

describe.skipIf(!ready)('plat backup run with encryption and destinations', () => {
  it('encrypts, ships to each destination, one refused host key fails only itself (exit 1)', { timeout: 120_000 }, async () => {
    const r = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(r.code).toBe(1);
    const local = parseCatalog(readFileSync(join(lab.backupDir, 'catalog.jsonl'), 'utf8')).entries;
    expect(local).toHaveLength(1);
    const e = local[0]!;
    expect(e.file).toMatch(/^infra\/etcd-infra-\d{8}T\d{6}Z-rev\d+\.db\.gz\.age$/);
    expect(e.encryption).toMatchObject({ format: 'age', recipients: [recipient] });
    expect(statSync(join(lab.backupDir, e.file)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(lab.backupDir, 'infra'))).toEqual([e.file.slice(6)]); // no plaintext left beside it
    expect(r.stderr).toMatch(/→ backup-server: shipped infra\/etcd-infra-.*sha256 checked by sha256sum on the server/);
    expect(r.stderr).toMatch(/→ impostor: FAILED: SSH to 127\.0\.0\.1:\d+: HOST KEY HAS CHANGED/);
    expect(r.stderr).toContain(sshd.hostKeyFingerprint);
    expect(r.stderr).toMatch(/→ usb: shipped/);
    expect(r.stdout).toMatch(/infra ok .*\n→ backup-server ok \(1 shipped\); → impostor FAILED: .*; → usb ok \(1 shipped\)\n$/);
    for (const where of ['server', 'usb']) expect(sha(join(lab.dir, where, e.file))).toBe(e.sha256);
    expect(parseCatalog(readFileSync(join(lab.dir, 'usb', 'catalog.jsonl'), 'utf8')).entries.map((x) => [x.file, x.checkedBy])).toEqual([[e.file, 'local']]);

    // a second run the same week: the server gets it, the weekly destination does not
    const again = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(again.stderr).toMatch(/→ usb: not shipping .*: this week already has its copy there/);
    expect(parseCatalog(readFileSync(join(lab.dir, 'server', 'catalog.jsonl'), 'utf8')).entries).toHaveLength(2);

    const list = await lab.plat(['backup', 'list', '--dest', 'backup-server', '-o', 'json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { backups: { state: string }[] }).backups.map((b) => b.state)).toEqual(['ok', 'ok']);
    const verify = await lab.plat(['backup', 'verify', '--dest', 'backup-server', '--all']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('matches the catalog (by sha256sum on the server)');
    const local2 = await lab.plat(['backup', 'verify', '--all']);
    expect(local2.code).toBe(0);
    expect(local2.stdout).toContain('encrypted (age): header and size ok');
    const prune = await lab.plat(['backup', 'prune', '--dest', 'backup-server', '--dry-run', '--cluster', 'infra']);
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toMatch(/^backup-server: infra: keep 2, would delete 0\n {2}keep {3}etcd-infra-.*daily \d{4}-\d{2}-\d{2}/);
    const unknown = await lab.plat(['backup', 'list', '--dest', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no destination "nope"');

    // decrypt the local copy: the snapshot inside verifies, and age -d gives the same bytes
    const dec = await lab.plat(['backup', 'decrypt', join(lab.backupDir, e.file), '--identity', join(lab.dir, 'backup.key'), '--out', join(lab.dir, 'x.db.gz')]);
    expect(dec.code, dec.stderr).toBe(0);
    const out = join(lab.dir, e.file.slice(6, -4));
    const def = await lab.plat(['backup', 'decrypt', join(lab.backupDir, e.file), '-i', join(lab.dir, 'backup.key')]);
    expect(def.code, def.stderr).toBe(0);
    expect(def.stdout).toContain('the snapshot inside verified (gzip, sha256 trailer, meta pages)');
    expect(sha(out)).toBe(e.encryption!.plainSha256);
    execFileSync(age!['age']!, ['-d', '-i', join(lab.dir, 'backup.key'), '-o', join(lab.dir, 'cli.db.gz'), join(lab.backupDir, e.file)]);
    expect(sha(join(lab.dir, 'cli.db.gz'))).toBe(sha(out));

    for (const o of [r, again, list, verify, prune, local2, dec, def]) expect(o.stdout + o.stderr).not.toContain(identity);
  });
});
