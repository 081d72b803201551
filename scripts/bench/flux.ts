/**
 * Issue 8's figure: on the lab `large` (5,000 Flux objects over two clusters), `plat flux get -A
 * -o json` ≤ 1.2× the wall time of what operators do today: `kubectl get kustomizations,
 * helmreleases,gitrepositories,ocirepositories,helmrepositories -A -o json` against each cluster,
 * one after the other (the same lab, the same run). plat lists every Flux kind it knows (HelmCharts,
 * Buckets and notification kinds too), on both clusters at once. Medians over BENCH_RUNS runs
 * (default 7). Needs the build (`npm run build`) and kubectl on PATH.
 */
import { existsSync } from 'node:fs';
import { startLab } from '../../src/lab/index.js';
import { report, timeCommand } from './measure.js';

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const bin = new URL('../../bin/plat.js', import.meta.url).pathname;
  if (!existsSync(new URL('../../dist/src/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first');
  const t0 = Date.now();
  const lab = await startLab({ scenario: 'large' });
  try {
    const env = { ...process.env, ...lab.env, HOME: lab.dir };
    const objects = [...lab.kube.values()].reduce((n, k) => n + countFlux(k.store), 0);
    console.log(`lab "large" up in ${Date.now() - t0} ms: ${objects} Flux objects`);
    const kinds = 'kustomizations,helmreleases,gitrepositories,ocirepositories,helmrepositories';
    const byHand = ['infra', 'apps'].map((c) => `kubectl --context admin@${c} get ${kinds} -A -o json >/dev/null`).join(' && ');
    report(
      [
        { label: 'kubectl get (5 kinds) per cluster, serially', ms: await timeCommand('sh', ['-c', byHand], { runs, env }) },
        { label: 'plat flux get -A -o json', ms: await timeCommand(process.execPath, [bin, 'flux', 'get', '-A', '-o', 'json'], { runs, env }) },
      ],
      { 'plat flux get -A -o json': 1.2 },
    );
  } finally {
    await lab.stop();
  }
}

function countFlux(store: { types(): { group: string; version: string; kind: string }[]; list(apiVersion: string, kind: string): unknown[] }): number {
  return store
    .types()
    .filter((t) => t.group.endsWith('toolkit.fluxcd.io'))
    .reduce((n, t) => n + store.list(`${t.group}/${t.version}`, t.kind).length, 0);
}
