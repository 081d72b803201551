/**
 * Every command starts by validating plat.yaml, and most runs see the same bytes as the run before.
 * Parsing the YAML with positions, building the zod schema and checking it cost ≈ 45 ms of a
 * ≈ 230 ms start (issue 2's figure), so a file that validated before is taken from a cache:
 * `$XDG_CACHE_HOME/plat/config-<hash of the path>.json` (default ~/.cache/plat), 0600, holding the
 * exact text that validated and the result. A hit needs the same text, the same plat build (the
 * bundle's size and mtime, set by bin/plat.js) and the same Node (cron time zones come from its
 * ICU). Only valid files are cached, so every problem is still found and reported the full way;
 * without a build id (tests, tsx) there is no cache. This module must stay light: the validator
 * (yaml, zod, cron-parser) is imported only on a miss.
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig } from './load.js';
import type { PlatConfig } from './schema.js';
import { displayPath, readConfigFile, type LocateInput } from './locate.js';

interface CacheEntry {
  v: 1;
  build: string;
  node: string;
  path: string;
  text: string;
  config: PlatConfig;
}

/** The build plat runs from (bin/plat.js names it after the core bundle); undefined when unbundled. */
export function currentBuild(): string | undefined {
  const b = (globalThis as { __platBuild?: unknown }).__platBuild;
  return typeof b === 'string' && b ? b : undefined;
}

export function configCacheFile(path: string, env: NodeJS.ProcessEnv): string {
  const dir = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(dir, 'plat', `config-${fnv1a(path)}.json`);
}

/** loadConfig, answered from the cache when this exact text validated under this build before. */
export async function loadConfigCached(input: LocateInput, build: string | undefined = currentBuild()): Promise<LoadedConfig> {
  const { location, text } = readConfigFile(input);
  const file = build ? configCacheFile(location.path, input.env) : undefined;
  if (file) {
    const hit = readEntry(file);
    if (hit && hit.build === build && hit.node === process.version && hit.path === location.path && hit.text === text) return { config: hit.config, location };
  }
  const { parseConfigText } = await import('./load.js');
  const config = parseConfigText(text, displayPath(location.path, input.cwd));
  if (file && build) writeEntry(file, { v: 1, build, node: process.version, path: location.path, text, config });
  return { config, location };
}

function readEntry(file: string): CacheEntry | undefined {
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheEntry>;
    return e?.v === 1 && typeof e.text === 'string' && e.config && typeof e.config === 'object' ? (e as CacheEntry) : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs the next run its speed. */
function writeEntry(file: string, entry: CacheEntry): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
