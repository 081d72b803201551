/**
 * Issue 5's figure: `plat net bgp` on the lab ≤ 1.5× the wall time of fetching the same data by
 * hand — `kubectl get ciliumbgpnodeconfigs -o json` on both clusters plus
 * `ssh router vtysh -c 'show bgp summary json'`, run one after the other as an operator would.
 * Medians over BENCH_RUNS runs (default 10), measured in the same run against the same lab, taking turns.
 * Needs the build (`npm run build`) and kubectl + ssh on PATH. The lab (API servers, router) runs
 * in its own process (lab-process.ts), so both sides talk to servers that are not the timer's.
 */
import { existsSync } from 'node:fs';
import { startLabProcess } from './lab-process.js';
import { report, timeRun } from './measure.js';

interface Variant {
  label: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The variants take turns (run 1 of each, then run 2 of each…, each round starting one variant
 * further on) after two warm-up rounds, so a lab still warming up, or anything else that drifts
 * during the bench, weighs on all of them alike: measured one after the other, the by-hand fetch
 * had always met the coldest lab.
 */
async function timeInTurns(variants: Variant[], runs: number, cwd: string): Promise<Array<{ label: string; ms: number[] }>> {
  const out = variants.map((v) => ({ label: v.label, ms: [] as number[] }));
  for (let round = 0; round < 2 + runs; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (round + k) % variants.length;
      const { ms } = await timeRun(variants[i]!.cmd, variants[i]!.args, { env: variants[i]!.env, cwd });
      if (round >= 2) out[i]!.ms.push(ms);
    }
  }
  return out;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  const bin = new URL('../../bin/plat.js', import.meta.url).pathname;
  if (!existsSync(new URL('../../dist/src/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first');
  const lab = await startLabProcess('healthy');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, ...lab.env, HOME: lab.dir };
    const r = lab.router;
    const ssh = [
      'ssh', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${lab.dir}/known_hosts`, '-o', 'StrictHostKeyChecking=yes',
      '-i', `${lab.dir}/router_ed25519`, '-p', String(r.port), `plat@${r.host}`, quote("vtysh -c 'show bgp summary json'"),
    ].map((a, i) => (i === 0 || a.startsWith("'") ? a : quote(a))).join(' ');
    const kubectl = (c: string) => `kubectl --context admin@${c} get ciliumbgpnodeconfigs -o json`;
    const byHand = `${kubectl('infra')} >/dev/null && ${kubectl('apps')} >/dev/null && ${ssh} >/dev/null`;
    // plat runs as an operator runs it: the executable, whose first line is for sh (bin/plat.js).
    // For reading the figure, not part of it: Node's own start, and plat started by `node` itself,
    // which then reads and parses NODE_EXTRA_CA_CERTS before any of plat's code runs when it is set
    // (≈ 85 ms for a system bundle here; kubectl and ssh never read it).
    const node = process.execPath;
    const variants: Variant[] = [
      { label: 'kubectl ×2 + ssh vtysh (by hand)', cmd: 'sh', args: ['-c', byHand], env },
      { label: 'plat net bgp', cmd: bin, args: ['net', 'bgp', '--no-color'], env },
      { label: 'plat net bgp -o json', cmd: bin, args: ['net', 'bgp', '-o', 'json'], env },
      { label: '(node bin/plat.js net bgp)', cmd: node, args: [bin, 'net', 'bgp', '--no-color'], env },
      { label: '(node -e 0)', cmd: node, args: ['-e', '0'], env },
    ];
    report(await timeInTurns(variants, runs, lab.dir), { 'plat net bgp': 1.5, 'plat net bgp -o json': 1.5 });
  } finally {
    await lab.stop();
  }
}
