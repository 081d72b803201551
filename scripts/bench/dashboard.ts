/**
 * Issue 4's dashboard figures, measured in a real pseudo-terminal (tmux):
 * first frame ≤ 400 ms after process start; ≤ 2 % CPU while idle on `healthy` (BENCH_IDLE_S, default
 * 60 s); RSS ≤ 150 MB on `large`; a keypress that scrolls the table repaints in ≤ 16 ms (measured
 * as key sent → pane changed, so tmux's own capture time is included: an upper bound).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, report, timeCommand } from './measure.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { startTmux, type TmuxSession } from '../../test/support/tmux.js';

const bin = new URL('../../bin/plat.js', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openDashboard(lab: Lab, home: string): { session: TmuxSession; t0: number } {
  const t0 = performance.now();
  const session = startTmux([process.execPath, bin], { width: 120, height: 40, env: { ...lab.env, HOME: home, TERM: 'xterm-256color' } });
  return { session, t0 };
}

async function firstFrameMs(lab: Lab, home: string): Promise<number> {
  const { session, t0 } = openDashboard(lab, home);
  try {
    for (;;) {
      if (session.capture().startsWith('plat ')) return performance.now() - t0;
      if (performance.now() - t0 > 10_000) throw new Error('no frame within 10 s');
      await sleep(2);
    }
  } finally {
    session.kill();
  }
}

/** The plat process in the pane (tmux may start it under `sh -c`). */
function panePid(s: TmuxSession): number {
  let pid = Number(execFileSync('tmux', ['-L', s.socket, 'display-message', '-p', '-t', s.name, '#{pane_pid}'], { encoding: 'utf8' }).trim());
  for (let i = 0; i < 3 && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'node'; i++) {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (!kids[0]) break;
    pid = Number(kids[0]);
  }
  return pid;
}
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
}
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function run(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'platbench-'));
  const healthy = await startLab({ scenario: 'healthy' });
  try {
    const frames: number[] = [];
    for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 7); i++) frames.push(await firstFrameMs(healthy, home));
    report([{ label: 'node -e 0', ms: await timeCommand(process.execPath, ['-e', '0'], { runs: 7 }) }, { label: 'dashboard first frame', ms: frames }]);
    console.log(`first frame median ${median(frames).toFixed(0)} ms (target ≤ 400)`);

    const { session } = openDashboard(healthy, home);
    try {
      await sleep(5_000); // let the first refreshes land
      const pid = panePid(session);
      const idleS = Number(process.env.BENCH_IDLE_S ?? 60);
      const a = cpuTicks(pid);
      await sleep(idleS * 1000);
      const pct = ((cpuTicks(pid) - a) / 100 / idleS) * 100;
      console.log(`idle CPU over ${idleS} s on healthy: ${pct.toFixed(2)} % (target ≤ 2 %)`);
      session.send('2');
      await sleep(500);
      const lat: number[] = [];
      for (let i = 0; i < 20; i++) {
        const before = session.capture();
        const t = performance.now();
        session.send(i % 10 < 5 ? 'j' : 'k');
        while (session.capture() === before && performance.now() - t < 2000) await sleep(0);
        lat.push(performance.now() - t);
      }
      console.log(`keypress → repaint (Nodes, ${healthy.twin.nodes().length} rows): median ${median(lat).toFixed(1)} ms (target ≤ 16; includes tmux capture time)`);
    } finally {
      session.kill();
    }
  } finally {
    await healthy.stop();
  }
  const large = await startLab({ scenario: 'large' });
  try {
    const { session } = openDashboard(large, home);
    try {
      await sleep(15_000);
      console.log(`RSS on large (${large.twin.nodes().length} nodes): ${rssMiB(panePid(session)).toFixed(0)} MiB (target ≤ 150)`);
    } finally {
      session.kill();
    }
  } finally {
    await large.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
