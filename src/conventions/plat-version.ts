/**
 * plat's own version, from its package.json. The file that asks sits three folders below the
 * package root in the build (dist/src/conventions/; the bundles keep import.meta.url pointing
 * there, scripts/bundle/) and two when run from sources (src/conventions/, under vitest or tsx);
 * which one is read from the module's own URL, so a checkout inside another plat checkout (a git
 * worktree) still reads its own.
 */
import { readFileSync } from 'node:fs';

/** The version in plat's package.json, found from `moduleUrl`; 'unknown' when it is not there. */
export function platVersionFrom(moduleUrl: string): string {
  const rel = /\/dist\/src\/conventions\/[^/]+$/.test(new URL(moduleUrl).pathname) ? '../../../package.json' : '../../package.json';
  try {
    const pkg = JSON.parse(readFileSync(new URL(rel, moduleUrl), 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'plat' && typeof pkg.version === 'string' && pkg.version) return pkg.version;
  } catch {
    // not there, or not JSON
  }
  return 'unknown';
}

export function platVersion(): string {
  return platVersionFrom(import.meta.url);
}
