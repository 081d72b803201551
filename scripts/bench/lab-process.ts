/**
 * The lab in its own process (`plat lab up`), for benchmarks that time plat against it. The lab
 * stands in for other machines (API servers, Talos nodes, the router): run inside the benchmark's
 * own process, every request plat sends competes with the benchmark's event loop that is reading
 * the pseudo-terminal and timing, and the figures measure that contention instead of plat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabProcess {
  /** KUBECONFIG, TALOSCONFIG, PATH (talosctl stand-in), PLAT_CONFIG, PLAT_LAB_DIR. */
  env: Record<string, string>;
  dir: string;
  nodes: number;
  router: { host: string; port: number };
  stop(): Promise<void>;
}

const bin = new URL('../../bin/plat.js', import.meta.url).pathname;

/**
 * `backups` (default true): wait until `plat lab up` has also taken the first backup of each
 * cluster, so what a bench measures next does not share the machine with it. Issue 3's "ready"
 * figure passes false: ready means every endpoint answers.
 */
export function startLabProcess(scenario: string, opts: { backups?: boolean } = {}): Promise<LabProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'platbench-lab-'));
  const child: ChildProcess = spawn(process.execPath, [bin, 'lab', 'up', '--scenario', scenario, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(kill);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`plat lab up --scenario ${scenario}: not ready in 60 s: ${err.slice(-300)}`))), 60_000);
    const check = () => {
      const ready = /ready in \d+ ms: (.*); router ssh on ([\d.]+):(\d+)/.exec(err);
      if (!ready || !out.includes('PLAT_LAB_DIR')) return;
      if (opts.backups !== false && !/first backup of each cluster taken in/.test(err)) return;
      clearTimeout(timer);
      const env: Record<string, string> = {};
      for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]!] = m[2]!;
      const nodes = [...ready[1]!.matchAll(/\((\d+) nodes\)/g)].reduce((n, m) => n + Number(m[1]), 0);
      resolve({ env, dir, nodes, router: { host: ready[2]!, port: Number(ready[3]) }, stop });
    };
    child.stderr!.on('data', (d: Buffer) => ((err += d.toString()), check()));
    child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), check()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`plat lab up --scenario ${scenario} exited ${code}: ${err.slice(-300)}`));
    });
  });
}
