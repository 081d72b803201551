import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { configTemplate } from './template.js';
import { configCacheFile, loadConfigCached } from './validated-cache.js';
import { tempDir } from '../../test/support/plat.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const path = join(dir, 'plat.yaml');
  writeFileSync(path, configTemplate);
  const env = { HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') };
  return { dir, path, env, input: { flag: path, env, cwd: dir }, cacheFile: configCacheFile(path, env) };
}

/** Rewrites the cached result so a hit is visible: the answer can only come from the cache. */
function markCached(file: string): void {
  const entry = JSON.parse(readFileSync(file, 'utf8'));
  entry.config.clusters[0].name = 'from-cache';
  writeFileSync(file, JSON.stringify(entry));
}

describe('validated plat.yaml cache', () => {
  it('answers a second load of the same text from the cache, written 0600', async () => {
    const s = setup();
    const first = await loadConfigCached(s.input, 'build-1');
    expect(first.config.clusters[0]!.name).toBe('infra');
    expect(statSync(s.cacheFile).mode & 0o777).toBe(0o600);
    markCached(s.cacheFile);
    expect((await loadConfigCached(s.input, 'build-1')).config.clusters[0]!.name).toBe('from-cache');
  });

  it('validates again when the text or the build changed', async () => {
    const s = setup();
    await loadConfigCached(s.input, 'build-1');
    markCached(s.cacheFile);
    expect((await loadConfigCached(s.input, 'build-2')).config.clusters[0]!.name).toBe('infra');
    markCached(s.cacheFile);
    writeFileSync(s.path, `${configTemplate}\n# edited\n`);
    expect((await loadConfigCached(s.input, 'build-2')).config.clusters[0]!.name).toBe('infra');
  });

  it('never caches a file with problems: each run reports them', async () => {
    const s = setup();
    writeFileSync(s.path, configTemplate.replace('10.25.11.14', '10.25.11.300'));
    for (let i = 0; i < 2; i++) await expect(loadConfigCached(s.input, 'build-1')).rejects.toBeInstanceOf(ConfigError);
    expect(existsSync(s.cacheFile)).toBe(false);
  });

  it('has no cache without a build id, and survives a damaged cache file', async () => {
    const s = setup();
    await loadConfigCached(s.input, undefined);
    expect(existsSync(s.cacheFile)).toBe(false);
    await loadConfigCached(s.input, 'build-1');
    writeFileSync(s.cacheFile, '{"v":1,"text":');
    expect((await loadConfigCached(s.input, 'build-1')).config.clusters[0]!.name).toBe('infra');
  });
});
