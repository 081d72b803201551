/**
 * Issue 3's figures: `plat lab up` ready (all endpoints answering) in ≤ 1 s for `healthy` and
 * ≤ 3 s for `large`; `kubectl get kustomizations -A -o json` on `large` ≤ 2× the same call against
 * a lab with few objects. Baseline: `node -e 0`, measured in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, report, timeCommand } from './measure.js';
import { startLab } from '../../src/lab/index.js';

const bin = new URL('../../bin/plat.js', import.meta.url).pathname;

/** Wall time from spawn to the moment `plat lab up` prints its environment (it does so once every endpoint is up). */
function labUpOnce(scenario: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'platbench-'));
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, 'lab', 'up', '--scenario', scenario, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('PLAT_LAB_DIR')) {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        child.kill('SIGINT');
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve(ms);
        });
      }
    });
    child.once('exit', (code) => {
      if (!out.includes('PLAT_LAB_DIR')) reject(new Error(`plat lab up exited ${code} before it was ready`));
    });
  });
}

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const node = await timeCommand(process.execPath, ['-e', '0'], { runs });
  const healthy: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < runs; i++) healthy.push(await labUpOnce('healthy'));
  for (let i = 0; i < Math.min(runs, 3); i++) large.push(await labUpOnce('large'));
  report([{ label: 'node -e 0', ms: node }, { label: 'plat lab up (healthy) ready', ms: healthy }, { label: 'plat lab up (large) ready', ms: large }]);
  console.log(`absolute: healthy ${median(healthy).toFixed(0)} ms (target ≤ 1000), large ${median(large).toFixed(0)} ms (target ≤ 3000)`);

  const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
  if (!kubectl) {
    console.log('kubectl not installed: skipping the kubectl comparison');
    return;
  }
  const small = await startLab({ scenario: 'healthy' });
  const big = await startLab({ scenario: 'large' });
  try {
    const args = (env: { KUBECONFIG: string }, ctx: string) => ({ cmd: 'kubectl', args: ['--kubeconfig', env.KUBECONFIG, '--context', ctx, 'get', 'kustomizations', '-A', '-o', 'json'] });
    const s = args(small.env, 'admin@infra');
    const l = args(big.env, 'admin@infra');
    report(
      [
        { label: 'kubectl get ks -A -o json (healthy)', ms: await timeCommand(s.cmd, s.args, { runs }) },
        { label: 'kubectl get ks -A -o json (large)', ms: await timeCommand(l.cmd, l.args, { runs }) },
      ],
      { 'kubectl get ks -A -o json (large)': 2 },
    );
  } finally {
    await small.stop();
    await big.stop();
  }
}
