/**
 * Issue 4's figure: `plat nodes -o json` on the lab `healthy` ≤ 0.5× the wall time of what
 * operators do today: talosctl version, get members and services per node, one after another,
 * for all six nodes (the same talosctl, the same lab, the same run).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, timeCommand } from './measure.js';
import { startLab } from '../../src/lab/index.js';

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const lab = await startLab({ scenario: 'healthy' });
  const dir = mkdtempSync(join(tmpdir(), 'platbench-'));
  try {
    const env = { ...process.env, ...lab.env, HOME: dir };
    const nodes = lab.twin.clusters().flatMap((c) => c.nodes.map((n) => ({ ip: n.ip, ctx: c.name })));
    const script = join(dir, 'today.sh');
    writeFileSync(
      script,
      ['#!/bin/sh', 'set -e', ...nodes.flatMap((n) => ['version', 'get members', 'services'].map((sub) => `talosctl --context ${n.ctx} -n ${n.ip} ${sub} >/dev/null`))].join('\n') + '\n',
      { mode: 0o755 },
    );
    const bin = new URL('../../bin/plat.js', import.meta.url).pathname;
    report(
      [
        { label: 'bash: talosctl per node, serially', ms: await timeCommand('sh', [script], { runs, env }) },
        { label: 'plat nodes -o json', ms: await timeCommand(process.execPath, [bin, 'nodes', '-o', 'json'], { runs, env }) },
      ],
      { 'plat nodes -o json': 0.5 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await lab.stop();
  }
}
