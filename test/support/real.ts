/**
 * Real components (etcd, sshd, bgpd, gobgpd, age, tmux, kubectl) are optional on a developer's
 * machine and mandatory in CI: locally a test that needs one is skipped with a printed reason,
 * under CI=true it fails so CI always exercises every real peer.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/sbin', '/usr/lib/frr', '/sbin', '/usr/local/sbin'];

/** Absolute path of an executable on PATH (plus the sbin and FRR daemon dirs), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

export const inCI = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * Returns a map name → path when every binary exists. Otherwise: under CI throws (the test fails),
 * locally prints why and returns undefined so the caller can `describe.skipIf(!bins)`.
 */
export function requireBinaries(names: string[], why: string): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const n of names) {
    const p = findBinary(n);
    if (p) found[n] = p;
    else missing.push(n);
  }
  if (missing.length === 0) return found;
  const msg = `${why}: needs ${missing.join(', ')} (install with scripts/ci-deps.sh)`;
  if (inCI()) throw new Error(`CI must run every real peer — ${msg}`);
  console.warn(`SKIP ${msg}`);
  return undefined;
}
