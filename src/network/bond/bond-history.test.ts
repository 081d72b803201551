import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadBondLooks, lookKey, saveBondLooks } from './bond-history.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'plat-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('keeps looks across runs, merging clusters, in a 0600 file', async () => {
  const dir = join(temp(), 'state');
  expect(await loadBondLooks(dir)).toEqual({});
  await saveBondLooks(dir, { [lookKey('infra', 'infra-01', 'bond0')]: { at: 1, linkFailures: { enp1s0f0: 0 } } });
  await saveBondLooks(dir, { [lookKey('apps', 'apps-02', 'bond0')]: { at: 2, linkFailures: { enp1s0f1: 3 } } });
  expect(await loadBondLooks(dir)).toEqual({
    'infra/infra-01/bond0': { at: 1, linkFailures: { enp1s0f0: 0 } },
    'apps/apps-02/bond0': { at: 2, linkFailures: { enp1s0f1: 3 } },
  });
  expect(statSync(join(dir, 'net-bond-looks.json')).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(join(dir, 'net-bond-looks.json'), 'utf8')).version).toBe(1);
});

it('a damaged file is no previous look, not an error', async () => {
  const dir = temp();
  writeFileSync(join(dir, 'net-bond-looks.json'), '{"version":1,"looks":{"x":{"at":"yesterday"}}');
  expect(await loadBondLooks(dir)).toEqual({});
});
