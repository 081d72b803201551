/** What benchmarks read about a process from /proc (Linux). */
import { readFileSync } from 'node:fs';

/** The node process under `script` (script → maybe a shell → node), by walking /proc children. */
export function nodeUnder(pid: number): number {
  for (let i = 0; i < 4 && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'node'; i++) {
    const [child] = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (!child) break;
    pid = Number(child);
  }
  return pid;
}

/** User + system CPU time so far, in clock ticks (1/100 s). */
export function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
