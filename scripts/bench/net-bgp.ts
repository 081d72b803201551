/**
 * Issue 5's figure: `plat net bgp` on the lab ≤ 1.5× the wall time of fetching the same data by
 * hand — `kubectl get ciliumbgpnodeconfigs -o json` on both clusters plus
 * `ssh router vtysh -c 'show bgp summary json'`, run one after the other as an operator would.
 * Medians over BENCH_RUNS runs (default 10), measured in the same run against the same lab.
 * Needs the build (`npm run build`) and kubectl + ssh on PATH. The lab (API servers, router) runs
 * in its own process (lab-process.ts), so both sides talk to servers that are not the timer's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startLabProcess } from './lab-process.js';
import { report } from './measure.js';

/**
 * measure.ts's timeCommand uses spawnSync, which would freeze this process — and the lab's API
 * servers and router stand-in run in it. So the same measurement, without blocking.
 */
async function timeAsync(cmd: string, args: string[], opts: { runs: number; env: NodeJS.ProcessEnv; cwd: string; warmup?: number }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < (opts.warmup ?? 1) + opts.runs; i++) {
    const t0 = process.hrtime.bigint();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 300)}`);
    if (i >= (opts.warmup ?? 1)) out.push(ms);
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
    const env = { ...process.env, ...lab.env, HOME: lab.dir };
    const r = lab.router;
    const ssh = [
      'ssh', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${lab.dir}/known_hosts`, '-o', 'StrictHostKeyChecking=yes',
      '-i', `${lab.dir}/router_ed25519`, '-p', String(r.port), `plat@${r.host}`, quote("vtysh -c 'show bgp summary json'"),
    ].map((a, i) => (i === 0 || a.startsWith("'") ? a : quote(a))).join(' ');
    const kubectl = (c: string) => `kubectl --context admin@${c} get ciliumbgpnodeconfigs -o json`;
    const byHand = `${kubectl('infra')} >/dev/null && ${kubectl('apps')} >/dev/null && ${ssh} >/dev/null`;
    // For reading the figure, not part of it: Node's own start, and plat without NODE_EXTRA_CA_CERTS
    // when it is set. Node 20 reads and parses that file on every start, before any of plat's code
    // runs (≈ 90 ms for a system bundle here); kubectl and ssh never read it.
    const { NODE_EXTRA_CA_CERTS: extraCa, ...withoutExtraCa } = env;
    report(
      [
        { label: 'kubectl ×2 + ssh vtysh (by hand)', ms: await timeAsync('sh', ['-c', byHand], { runs, env, cwd: lab.dir }) },
        { label: 'plat net bgp', ms: await timeAsync(process.execPath, [bin, 'net', 'bgp', '--no-color'], { runs, env, cwd: lab.dir }) },
        { label: 'plat net bgp -o json', ms: await timeAsync(process.execPath, [bin, 'net', 'bgp', '-o', 'json'], { runs, env, cwd: lab.dir }) },
        { label: '(node -e 0)', ms: await timeAsync(process.execPath, ['-e', '0'], { runs, env, cwd: lab.dir }) },
        ...(extraCa
          ? [
              { label: '(plat net bgp, no NODE_EXTRA_CA_CERTS)', ms: await timeAsync(process.execPath, [bin, 'net', 'bgp', '--no-color'], { runs, env: withoutExtraCa, cwd: lab.dir }) },
              { label: '(node -e 0, no NODE_EXTRA_CA_CERTS)', ms: await timeAsync(process.execPath, ['-e', '0'], { runs, env: withoutExtraCa, cwd: lab.dir }) },
            ]
          : []),
      ],
      { 'plat net bgp': 1.5, 'plat net bgp -o json': 1.5 },
    );
  } finally {
    await lab.stop();
  }
}
