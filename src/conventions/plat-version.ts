/**
 * plat's own version, from its package.json. The file that asks sits two folders below the package
 * root when run from sources (src/conventions/, under vitest or tsx) and three in the build
 * (dist/src/conventions/; the bundles keep import.meta.url pointing there, scripts/bundle/), so
 * both places are tried, the build's first: that is where every real run starts from.
 */
import { readFileSync } from 'node:fs';

const FROM_BUILD = '../../../package.json';
const FROM_SOURCES = '../../package.json';

/** The version in the first package.json named plat, looked for from `moduleUrl`; 'unknown' when none is found. */
export function platVersionFrom(moduleUrl: string): string {
  for (const rel of [FROM_BUILD, FROM_SOURCES]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, moduleUrl), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'plat' && typeof pkg.version === 'string' && pkg.version) return pkg.version;
    } catch {
      // not here (or not JSON): the other layout
    }
  }
  return 'unknown';
}

export function platVersion(): string {
  return platVersionFrom(import.meta.url);
}
