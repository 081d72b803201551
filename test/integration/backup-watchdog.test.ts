/**
 * A hung snapshot and a full disk.
 *
 * The hung snapshot: the lab's stand-in has no switch to stall `etcd snapshot`, so this file —
 * and only this file — puts a test-only `talosctl` wrapper first on PATH. It sends every command
 * to the lab's shim except `etcd snapshot <path>`, for which it writes a few bytes to
 * `<path>.part` (as talosctl does before streaming) and then sleeps, like the stream that stayed
 * open for an hour with zero bytes in siderolabs/talos#14212. The watchdog must end it.
 *
 * The full disk: a 1 MiB tmpfs mounted by the test (needs root: skipped locally otherwise, a
 * failure under CI).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, storeSnapshot, takeSnapshot } from '../../src/backup/index.js';
import { ManualClock } from '../../src/lab/clock.js';
import { TalosClient } from '../../src/talos/index.js';
import { inCI } from '../support/real.js';
import { startBackupLab, type BackupLab } from './backup-lab.js';

let lab: BackupLab;
let hungBin: string;
beforeAll(async () => {
  lab = await startBackupLab();
  hungBin = join(lab.dir, 'hung-bin');
  mkdirSync(hungBin);
  const wrapper = join(hungBin, 'talosctl');
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      '# TEST-ONLY stand-in for a hung `talosctl etcd snapshot` (see backup-watchdog.test.ts); everything else goes to the lab shim',
      'case " $* " in',
      `  *" etcd snapshot "*) for a; do p="$a"; done; printf partial > "$p.part"; echo $$ >> '${join(lab.dir, 'hung.pids')}'; exec sleep 3600 ;;`,
      'esac',
      `exec '${join(lab.binDir, 'talosctl')}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
});
afterAll(async () => {
  for (const pid of hungPids()) alive(pid) && process.kill(pid, 'SIGKILL');
  await lab?.close();
});

function hungPids(): number[] {
  const f = join(lab.dir, 'hung.pids');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

describe('a hung snapshot', () => {
  it('the no-progress watchdog ends the call on the injected clock', async () => {
    const clock = new ManualClock(Date.now());
    const client = new TalosClient({ bin: join(hungBin, 'talosctl'), talosconfig: lab.talosconfig, context: 'infra', env: lab.env });
    const path = join(lab.dir, 'direct.db');
    let settled = false;
    const p = takeSnapshot(client, '10.25.11.12', path, { clock, limits: { ...DEFAULT_LIMITS, stallMs: 30_000, pollMs: 1000 } }).finally(() => (settled = true));
    p.catch(() => undefined);
    await until(() => existsSync(`${path}.part`) && statSync(`${path}.part`).size > 0);
    // move the clock one poll at a time, letting each poll's stat() finish, until the watchdog fires
    for (let i = 0; i < 60 && !settled; i++) {
      clock.advance(1000);
      await new Promise((r) => setTimeout(r, 5));
    }
    await expect(p).rejects.toThrow('talosctl etcd snapshot on 10.25.11.12: no progress for 30 s (7 bytes received); the call was ended');
    await until(() => hungPids().every((pid) => !alive(pid)));
  });

  it('plat backup run: both attempts stall, each is ended, exit 1, nothing stored', { timeout: 60_000 }, async () => {
    const before = hungPids().length;
    const r = await lab.plat(['backup', 'run', '--cluster', 'infra', '--stall', '1s', '--retry-delay', '0'], { env: { PATH: `${hungBin}${delimiter}${lab.env['PATH']}` } });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => /infra: snapshot from infra-0\d failed: talosctl etcd snapshot on 10\.25\.11\.1\d: no progress for 1 s \(7 bytes received\); the call was ended/.test(l))).toHaveLength(2);
    expect(r.stderr).toMatch(/snapshot from infra-02 failed: .*; retrying\n.*snapshot from infra-03 \(10\.25\.11\.13\), attempt 2/);
    expect(r.stdout).toMatch(/^infra FAILED: talosctl etcd snapshot on 10\.25\.11\.13: no progress for 1 s/);
    const pids = hungPids().slice(before);
    expect(pids).toHaveLength(2);
    await until(() => pids.every((pid) => !alive(pid)));
    expect(readdirSync(join(lab.backupDir, 'infra'))).toEqual([]);
    const status = JSON.parse(readFileSync(join(lab.backupDir, 'status.json'), 'utf8'));
    expect(status.clusters.infra.lastError).toMatch(/no progress for 1 s/);
  });
});

const root = process.getuid?.() === 0;
if (!root && inCI()) throw new Error('CI must run the full-disk test as root (it mounts a tmpfs)');
if (!root) console.warn('SKIP full-disk tests: mounting a tmpfs needs root');

describe.skipIf(!root)('a full disk (1 MiB tmpfs)', () => {
  let mnt: string;
  beforeAll(() => {
    mnt = join(lab.dir, 'full');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mnt]);
  });
  afterAll(() => {
    if (mnt) execFileSync('umount', [mnt]);
  });

  it('plat backup run refuses with a clear error, leaves no partial file, exit 1', async () => {
    const r = await lab.plat(['backup', 'run', '--cluster', 'infra', '--dir', mnt]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`infra: backup FAILED: not enough space in ${mnt}/infra: 1\\.0 MB free, the snapshot needs about \\d+\\.\\d MB \\(the DB size etcd reports\\)`));
    expect(r.stdout).toMatch(/^infra FAILED: not enough space/);
    // refused before anything was written: only the record of the failed attempt
    expect(readdirSync(mnt)).toEqual(['status.json']);
    expect(JSON.parse(readFileSync(join(mnt, 'status.json'), 'utf8')).clusters.infra.lastError).toMatch(/^not enough space/);
  });

  it('a disk that fills while the backup is written: DiskError naming the file, nothing left behind', async () => {
    mkdirSync(join(mnt, 'infra'), { recursive: true });
    const raw = join(lab.dir, 'raw.db');
    copyFileSync(new URL('../fixtures/etcd/etcd-3.4-snapshot.db', import.meta.url), raw);
    // fill the tmpfs to the last block
    const chunk = Buffer.alloc(64 * 1024, 1);
    for (let i = 0; ; i++) {
      try {
        writeFileSync(join(mnt, `filler-${i}`), chunk);
      } catch {
        break;
      }
    }
    await expect(storeSnapshot({ rawPath: raw, dir: mnt, pid: 4242, name: { cluster: 'infra', takenAt: Date.now(), revision: 9, compression: 'none' } })).rejects.toMatchObject({
      name: 'DiskError', message: expect.stringMatching(new RegExp(`^cannot write ${mnt}/infra/etcd-infra-\\d{8}T\\d{6}Z-rev9\\.db: no space left on device$`)),
    });
    expect(readdirSync(join(mnt, 'infra'))).toEqual([]);
    for (const f of readdirSync(mnt).filter((x) => x.startsWith('filler-'))) rmSync(join(mnt, f));
  });
});
