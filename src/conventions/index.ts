/**
 * Small conventions every room shares, kept apart from src/config so that rooms loaded outside the
 * CLI core (fleet, network, etcd…) do not pull in zod, yaml and cron-parser just to expand a path.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export { Slots } from './slots.js';
export { compareVersions, minorDistance, type SemVer } from './versions.js';
export { fsyncDir } from './durable-dir.js';
export { platVersion, platVersionFrom } from './plat-version.js';

/** `~` and `~/x` → the home directory ($HOME first, as a shell would). */
export function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  return p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

/** `talosctl kubeconfig` names contexts admin@<cluster>; talosconfig contexts are the cluster names. */
export const kubeContextOf = (c: { name: string; kubeContext?: string | undefined }): string => c.kubeContext ?? `admin@${c.name}`;
export const talosContextOf = (c: { name: string; talosContext?: string | undefined }): string => c.talosContext ?? c.name;

/** Dotted-quad IPv4 without leading zeros. */
export function isIPv4(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/**
 * Change a V8 flag while plat runs. A V8 code cache records the flags it was made under and is
 * refused under others, so bin/plat.js first writes the code caches it still owes (made under the
 * flags every start has); otherwise every later start would recompile everything.
 */
export function setV8FlagAtRunTime(flag: string): void {
  (globalThis as { __platSaveCodeCaches?: () => void }).__platSaveCodeCaches?.();
  // Loaded here, not at the top: node:v8 brings Node's heap-snapshot streams with it (≈ 5 ms of
  // every start), and only the dashboard and the backup change a flag.
  process.getBuiltinModule('node:v8').setFlagsFromString(flag);
}

/**
 * Text order for sorting names, IDs and ISO timestamps: by code unit, so output sorts the same on
 * every machine whatever its locale. Not localeCompare: a process's first call builds an ICU
 * collator, about 14 ms, which a one-shot command like `plat net bgp` pays in full.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
