/**
 * `plat backup run` (the built executable) against the lab, when things go wrong:
 * - SIGKILL at 20 seeded random moments: afterwards the catalog parses, `list` shows only
 *   complete backups, `verify --all` passes every one, and the next run cleans up and adopts;
 * - five runs at once: one runs, four exit 4 naming the holder.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/backup/index.js';
import { platBin, repoRoot } from '../support/plat.js';
import { seeded } from '../support/seeded.js';
import { startBackupLab, type BackupLab } from './backup-lab.js';

let lab: BackupLab;
beforeAll(async () => {
  lab = await startBackupLab({ retention: '{ keepLast: 2 }' });
});
afterAll(async () => {
  await lab?.close();
});

/** Start `plat backup run` as its own process group; resolves with the exit code or signal. */
function startRun(args: string[]) {
  const child = spawn(process.execPath, [platBin, 'backup', 'run', ...args], { cwd: repoRoot, env: lab.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
  child.stdout!.resume();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) => child.once('exit', (code, signal) => r({ code, signal, stderr })));
  return { child, done };
}

const killGroup = (pid: number) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
};

describe('plat backup run under faults', () => {
  it('SIGKILL at 20 random moments leaves only complete, verified backups', { timeout: 240_000 }, async () => {
    const t0 = Date.now();
    const first = startRun(['--cluster', 'infra']);
    expect((await first.done).code).toBe(0);
    const span = Date.now() - t0; // kill moments are spread over one whole run
    const rnd = seeded(20);
    for (let i = 0; i < 20; i++) {
      const run = startRun(['--cluster', 'infra']);
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * span)));
      run.child.kill('SIGKILL');
      await run.done;
      killGroup(run.child.pid!); // talosctl children of the killed run
    }
    const catalogText = readFileSync(join(lab.backupDir, 'catalog.jsonl'), 'utf8');
    expect(parseCatalog(catalogText).problems).toEqual([]);

    const list = await lab.plat(['backup', 'list', '-o', 'json']);
    const inv = JSON.parse(list.stdout) as { backups: { file: string; state: string }[]; catalogProblems: unknown[] };
    expect(inv.catalogProblems).toEqual([]);
    expect(inv.backups.length).toBeGreaterThan(0);
    for (const b of inv.backups) expect(['ok', 'unlisted'], `${b.file}: ${b.state}`).toContain(b.state);
    const finals = readdirSync(join(lab.backupDir, 'infra')).filter((f) => f.startsWith('etcd-'));
    expect(finals.length).toBe(inv.backups.length);

    const verify = await lab.plat(['backup', 'verify', '--all', '-o', 'json']);
    const results = JSON.parse(verify.stdout) as { file: string; ok: boolean; problems: string[] }[];
    expect(results.length).toBe(finals.length);
    for (const r of results) expect(r.problems, r.file).toEqual([]);
    expect(verify.code).toBe(0);

    // the next run cleans up work files, re-verifies and catalogues complete unlisted files, prunes to 2
    const last = await lab.plat(['backup', 'run', '--cluster', 'infra']);
    expect(last.code, last.stderr).toBe(0);
    const after = JSON.parse((await lab.plat(['backup', 'list', '-o', 'json'])).stdout) as { backups: { state: string }[]; leftovers: string[] };
    expect(after.leftovers).toEqual([]);
    expect(after.backups.map((b) => b.state)).toEqual(['ok', 'ok']);
    expect(readdirSync(join(lab.backupDir, 'infra')).filter((f) => !f.startsWith('etcd-'))).toEqual([]);

    // the other commands read the same state
    const prune = await lab.plat(['backup', 'prune', '--dry-run', '--cluster', 'infra']);
    expect(prune.stdout).toMatch(/^infra: keep 2, would delete 0\n  keep   etcd-infra-\d{8}T\d{6}Z-rev\d+\.db\.gz  last 1 of 2\n  keep   etcd-infra-\S+  last 2 of 2\n$/);
    const status = await lab.plat(['backup', 'status', '--cluster', 'infra', '-o', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).clusters[0]).toMatchObject({ cluster: 'infra', stale: false, count: 2, retention: { keep: 2, remove: 0 } });
  });

  it('five concurrent runs: one runs, four exit 4 and name the holder', { timeout: 120_000 }, async () => {
    const runs = Array.from({ length: 5 }, () => startRun(['--cluster', 'apps']));
    const ends = await Promise.all(runs.map((r) => r.done));
    expect(ends.map((e) => e.code).sort()).toEqual([0, 4, 4, 4, 4]);
    for (const e of ends.filter((x) => x.code === 4)) {
      expect(e.stderr).toMatch(new RegExp(`^plat: ${lab.backupDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is locked by plat backup run --cluster apps \\(pid \\d+ on [^,]+, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\nhint: another backup run is in progress; this one did nothing\\n$`));
    }
  });
});
