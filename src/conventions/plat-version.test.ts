import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platVersion, platVersionFrom } from './index.js';

describe('platVersion', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'plat-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const moduleAt = (...parts: string[]) => {
    mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
    return pathToFileURL(join(root, ...parts)).href;
  };
  const pkg = (dir: string, body: object) => writeFileSync(join(dir, 'package.json'), JSON.stringify(body));

  it('from sources under vitest: the version in the repository package.json', () => {
    const repo = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(platVersion()).toBe(repo.version);
  });

  it('finds the package root from the build (dist/src/conventions/) and from sources (src/conventions/)', () => {
    pkg(root, { name: 'plat', version: '9.8.7' });
    expect(platVersionFrom(moduleAt('dist', 'src', 'conventions', 'plat-version.js'))).toBe('9.8.7');
    expect(platVersionFrom(moduleAt('src', 'conventions', 'plat-version.ts'))).toBe('9.8.7');
  });

  it("reads the package.json of its own layout: a checkout inside another plat's reads its own; another project's is no version", () => {
    pkg(root, { name: 'plat', version: '1.0.0' });
    mkdirSync(join(root, 'wt'), { recursive: true });
    pkg(join(root, 'wt'), { name: 'plat', version: '2.0.0' });
    expect(platVersionFrom(moduleAt('wt', 'src', 'conventions', 'plat-version.ts'))).toBe('2.0.0');
    expect(platVersionFrom(moduleAt('wt', 'dist', 'src', 'conventions', 'plat-version.js'))).toBe('2.0.0');
    pkg(join(root, 'wt'), { name: 'other', version: '4.5.6' });
    expect(platVersionFrom(moduleAt('wt', 'src', 'conventions', 'plat-version.ts'))).toBe('unknown');
    writeFileSync(join(root, 'wt', 'package.json'), '{ not json');
    expect(platVersionFrom(moduleAt('wt', 'src', 'conventions', 'plat-version.ts'))).toBe('unknown');
    expect(platVersionFrom(moduleAt('a', 'b', 'c', 'plat-version.js'))).toBe('unknown');
  });
});
