/** Shared timing for benchmarks: wall time of whole commands, medians, ratios against a baseline. */
import { spawn } from 'node:child_process';

export interface Sample {
  label: string;
  ms: number[];
}

/**
 * Wall time of whole commands, one after another. Async on purpose: a benchmark that runs the lab
 * in its own process must keep serving while the command runs (spawnSync would freeze it).
 */
export async function timeCommand(cmd: string, args: string[], opts: { runs: number; env?: NodeJS.ProcessEnv; cwd?: string; warmup?: number }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < (opts.warmup ?? 1) + opts.runs; i++) {
    const t0 = process.hrtime.bigint();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.once('error', reject);
      child.once('close', (c) => resolve({ code: c, stderr: err }));
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 300)}`);
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
