/**
 * Issue 3's figures: `plat lab up` ready (all endpoints answering) in ≤ 1 s for `healthy` and
 * ≤ 3 s for `large`; `kubectl get kustomizations -A -o json` on `large` ≤ 2× the same call against
 * a lab with few objects. Baseline: `node -e 0`, measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { median, report, timeCommand } from './measure.js';
import { startLab } from '../../src/lab/index.js';
import { startLabProcess } from './lab-process.js';

/** Wall time from spawn to the moment `plat lab up` prints its environment (it does so once every endpoint is up). */
async function labUpOnce(scenario: string): Promise<number> {
  const t0 = performance.now();
  const lab = await startLabProcess(scenario, { backups: false });
  const ms = performance.now() - t0;
  await lab.stop();
  return ms;
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
