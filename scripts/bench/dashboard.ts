/**
 * Issue 4's dashboard figures, measured on a real pseudo-terminal (scripts/bench/pty.ts):
 * first frame ≤ 400 ms after process start; ≤ 2 % CPU while idle on `healthy` (BENCH_IDLE_S, default
 * 60 s); RSS ≤ 150 MB on `large`; a keypress that moves the table selection repaints in ≤ 16 ms
 * (key bytes written → the repaint showing the new row read back). The lab runs in its own process
 * (lab-process.ts), as the machines it stands in for would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, report, timeCommand } from './measure.js';
import { startInPty, type PtyProgram } from './pty.js';
import { cpuTicks, nodeUnder, rssMiB } from './proc.js';
import { startLabProcess, type LabProcess } from './lab-process.js';

const bin = new URL('../../bin/plat.js', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `plat` as an operator starts it: the executable (its first lines are for sh, bin/plat.js).
 * `viaNode` starts it as `node bin/plat.js`, for the record: Node then parses NODE_EXTRA_CA_CERTS
 * itself before the first frame when it is set.
 */
function openDashboard(lab: LabProcess, home: string, viaNode = false): PtyProgram {
  return startInPty(viaNode ? [process.execPath, bin] : [bin], { cols: 120, rows: 40, env: { ...process.env, ...lab.env, HOME: home, TERM: 'xterm-256color' } });
}

async function firstFrameMs(lab: LabProcess, home: string, viaNode = false): Promise<number> {
  const t0 = performance.now();
  const p = openDashboard(lab, home, viaNode);
  try {
    await p.waitFor(/plat {2}infra/, 0, 10_000);
    return performance.now() - t0;
  } finally {
    await p.stop();
  }
}

/** The plat process under `script`. */
const platPid = (p: PtyProgram): number => nodeUnder(p.child.pid!);

/** j/k on a table: each press must repaint the header with the new row number. */
export async function keypressLatencies(p: PtyProgram, rows: number, presses = 40): Promise<number[]> {
  const lat: number[] = [];
  let row = 1;
  for (let i = 0; i < presses; i++) {
    const down = i % 10 < 5 && row < rows;
    const next = down ? row + 1 : Math.max(1, row - 1);
    if (next === row) continue;
    const from = p.output().length;
    p.write(down ? 'j' : 'k');
    lat.push(await p.waitFor(new RegExp(`row ${next}\\b`), from, 5_000));
    row = next;
    await sleep(20); // let the repaint finish before the next key
  }
  return lat;
}

export async function run(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'platbench-'));
  const healthy = await startLabProcess('healthy');
  try {
    const frames: number[] = [];
    const viaNode: number[] = [];
    for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 7); i++) {
      frames.push(await firstFrameMs(healthy, home));
      viaNode.push(await firstFrameMs(healthy, home, true));
    }
    report([
      { label: 'node -e 0', ms: await timeCommand(process.execPath, ['-e', '0'], { runs: 7 }) },
      { label: 'dashboard first frame', ms: frames },
      { label: '(first frame, node bin/plat.js)', ms: viaNode },
    ]);
    console.log(`first frame median ${median(frames).toFixed(0)} ms (target ≤ 400)`);

    const p = openDashboard(healthy, home);
    try {
      await p.waitFor(/infra ✓ healthy[\s\S]*apps ✓ healthy/, 0, 15_000);
      await sleep(5_000); // let the first refreshes land
      const pid = platPid(p);
      const idleS = Number(process.env.BENCH_IDLE_S ?? 60);
      const a = cpuTicks(pid);
      await sleep(idleS * 1000);
      const pct = ((cpuTicks(pid) - a) / 100 / idleS) * 100;
      console.log(`idle CPU over ${idleS} s on healthy: ${pct.toFixed(2)} % (target ≤ 2 %)`);
      const from = p.output().length;
      p.write('2');
      await p.waitFor(/row 1\b/, from);
      const lat = await keypressLatencies(p, healthy.nodes);
      console.log(`keypress → repaint (Nodes, ${healthy.nodes} rows): median ${median(lat).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (target ≤ 16)`);
    } finally {
      await p.stop();
    }
  } finally {
    await healthy.stop();
  }
  const large = await startLabProcess('large');
  try {
    const p = openDashboard(large, home);
    try {
      await sleep(15_000);
      // RSS moves by ±15 MiB with the garbage collector's rhythm: sampled every second for 10 s.
      const samples: number[] = [];
      for (let i = 0; i < 10; i++, await sleep(1_000)) samples.push(rssMiB(platPid(p)));
      console.log(`RSS on large (${large.nodes} nodes), 10 samples: median ${median(samples).toFixed(0)} MiB, max ${Math.max(...samples).toFixed(0)} MiB (target ≤ 150)`);
      const from = p.output().length;
      p.write('2');
      await p.waitFor(/row 1\b/, from);
      const lat = await keypressLatencies(p, large.nodes);
      console.log(`keypress → repaint (Nodes, ${large.nodes} rows): median ${median(lat).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (target ≤ 16)`);
    } finally {
      await p.stop();
    }
  } finally {
    await large.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
