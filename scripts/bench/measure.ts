/** Shared timing for benchmarks: wall time of whole commands, medians, ratios against a baseline. */
import { spawn } from 'node:child_process';

export interface Sample {
  label: string;
  ms: number[];
}

/**
 * One run of a command: its wall time and the end of its stderr (where the RSS probe prints); a
 * failed run throws with that end. Async on purpose: a benchmark that serves the lab (or its
 * talosctl control server) from its own event loop must keep serving while the command runs.
 */
export function timeRun(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-600)}`));
      else resolve({ ms, stderr });
    });
  });
}

/** Wall time of whole commands, one after another, after `warmup` runs (default 1). */
export async function timeCommand(cmd: string, args: string[], opts: { runs: number; env?: NodeJS.ProcessEnv; cwd?: string; warmup?: number }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < (opts.warmup ?? 1) + opts.runs; i++) {
    const { ms } = await timeRun(cmd, args, opts);
    if (i >= (opts.warmup ?? 1)) out.push(ms);
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Prints one line per sample: median, and the ratio to the baseline (the first sample) with the target. */
export function report(samples: Sample[], targets: Record<string, number> = {}): void {
  const base = median(samples[0]!.ms);
  for (const s of samples) {
    const m = median(s.ms);
    const ratio = m / base;
    const target = targets[s.label];
    const verdict = target === undefined ? '' : ratio <= target ? `  ✓ ≤ ${target}×` : `  ✗ target ≤ ${target}×`;
    console.log(`${s.label.padEnd(38)} median ${m.toFixed(1).padStart(8)} ms   ${ratio.toFixed(2)}× ${samples[0]!.label}${verdict}`);
  }
}
