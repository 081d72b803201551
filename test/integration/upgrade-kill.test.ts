/**
 * The runbook process dies mid-way (SIGKILL: no handler runs, nothing is flushed) while a node is
 * being upgraded. `plat runbook resume` must continue from that node and never upgrade a node a
 * second time. Real child processes running the built CLI against the lab (real clock, short
 * twin timings).
 */
import { execa, type ResultPromise } from 'execa';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { foldRun, readJournal } from '../../src/upgrade/index.js';
import { platBin, repoRoot, runPlat } from '../support/plat.js';

let lab: Lab;
const upgrades: string[] = [];
beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy', timings: { notReadyGraceMs: 2000, upgradeMs: 600, rebootMs: 400, bootMs: 600, kubeletStepMs: 100 } });
  lab.twin.onChange((c) => {
    if (c.kind === 'machine' && c.event.type === 'sequence' && c.event.name === 'upgrade' && c.event.action === 'START') upgrades.push(c.node);
  });
});
afterAll(async () => {
  await lab?.stop();
});

const env = () => ({ ...lab.env, HOME: lab.dir });

function until(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('a runbook process killed mid-way', () => {
  it('resume continues from the node it was on and never upgrades a node twice', async () => {
    const file = join(lab.dir, 'apps-talos.yaml');
    writeFileSync(file, 'name: apps-talos\ncluster: apps\nsteps:\n  - kind: talos-upgrade\n    image: ghcr.io/siderolabs/installer:v1.12.0\n    interval: 1s\n');
    const child: ResultPromise = execa(process.execPath, [platBin, 'runbook', 'run', file, '--yes', '-o', 'jsonl'], { cwd: repoRoot, env: env(), extendEnv: false, reject: false });
    // kill it while the second node is upgrading: after one node is done, before the run ends
    await until(() => upgrades.length === 2, 'the second node to start upgrading');
    child.kill('SIGKILL');
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    const runs = join(lab.dir, 'state', 'runs');
    const id = readdirSync(runs).find((f) => f.endsWith('.jsonl'))!.replace(/\.jsonl$/, '');
    const before = foldRun((await readJournal(join(runs, `${id}.jsonl`))).events, { alive: false })!;
    expect(before.state).toBe('stopped');
    expect(before.done).toEqual([`s1/${upgrades[0]}`]);
    expect(before.current).toBe(`s1/${upgrades[1]}`);

    const status = await runPlat(['runbook', 'status', id], { env: env() });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`■ stopped  apps-talos on apps  1/3 done`);
    expect(status.stdout).toContain(`the run's process is gone (killed?) during s1/${upgrades[1]}`);

    const r = await runPlat(['runbook', 'resume', id, '--yes'], { env: env(), timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^run ${id} ok: apps-talos finished on apps \\(journal .*${id}\\.jsonl\\)\\n$`));
    expect(r.stderr).toContain(`resuming ${id}: 1 unit already done (s1/${upgrades[0]})`);
    // each node's upgrade sequence started exactly once, across both processes
    expect([...upgrades].sort()).toEqual(['apps-01', 'apps-02', 'apps-03']);
    expect(lab.twin.cluster('apps')!.nodes.map((n) => n.talosVersion)).toEqual(['v1.12.0', 'v1.12.0', 'v1.12.0']);
    const after = foldRun((await readJournal(join(runs, `${id}.jsonl`))).events, { alive: false })!;
    expect(after).toMatchObject({ state: 'ok', resumes: 1 });
    expect(after.units.map((u) => [u.unit, u.state, u.starts])).toEqual(
      expect.arrayContaining([[`s1/${upgrades[0]}`, 'ok', 1], [`s1/${upgrades[2]}`, 'ok', 1]]),
    );
    // the node the killed run was on: started twice, upgraded once (the resumed run found it on its way or done)
    expect(after.units.find((u) => u.unit === `s1/${upgrades[1]}`)).toMatchObject({ starts: 2 });
  });

  it('SIGTERM while a node upgrades: that node finishes, the run stops before the next one and exits 130', async () => {
    const file = join(lab.dir, 'infra-talos.yaml');
    writeFileSync(file, 'name: infra-talos\ncluster: infra\nsteps:\n  - kind: talos-upgrade\n    image: ghcr.io/siderolabs/installer:v1.11.6\n    interval: 1s\n');
    const before = upgrades.length;
    // no forced SIGKILL after the SIGTERM: the node may take a while to come back on a loaded machine
    const child = execa(process.execPath, [platBin, 'runbook', 'run', file, '--yes'], { cwd: repoRoot, env: env(), extendEnv: false, reject: false, forceKillAfterDelay: false });
    await until(() => upgrades.length === before + 1, 'the first infra node to start upgrading');
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('plat: stopping after the current unit (never mid-node); Ctrl-C again to cut it now');
    const first = upgrades[before]!;
    expect(r.stderr).toMatch(new RegExp(`s1/${first} done: ${first} upgraded to v1\\.11\\.6`));
    expect(r.stderr).toMatch(/\nplat: stopped on request before s1\/infra-0\d\nhint: plat runbook resume \S+$/);
    expect(upgrades.slice(before)).toEqual([first]);
    expect(lab.twin.cluster('infra')!.nodes.filter((n) => n.talosVersion === 'v1.11.6').map((n) => n.name)).toEqual([first]);
  });
});
