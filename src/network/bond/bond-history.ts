/**
 * The last look at every bond, kept in `<stateDir>/net-bond-looks.json` so that one-shot
 * `plat net bonds` runs can tell "link failure count grew since the last look". The dashboard keeps
 * its previous look in memory instead. Written atomically (temp file, fsync, rename); a missing or
 * unreadable file just means "no previous look".
 */
import { dirname, join } from 'node:path';
import type { BondLook } from './model.js';
import { check, lit, num, obj, rec } from '../shape.js';

const FILE = 'net-bond-looks.json';

const fileSchema = obj({
  version: lit(1),
  looks: rec(obj({ at: num(), linkFailures: rec(num()) })),
});

export const lookKey = (cluster: string, node: string, bond: string): string => `${cluster}/${node}/${bond}`;

// node:fs/promises loads with the first look, not with the network room (`net bgp` never looks).
export async function loadBondLooks(stateDir: string): Promise<Record<string, BondLook>> {
  const { readFile } = await import('node:fs/promises');
  try {
    const parsed = check(fileSchema, JSON.parse(await readFile(join(stateDir, FILE), 'utf8')));
    return parsed.ok ? parsed.value.looks : {};
  } catch {
    return {};
  }
}

/** Merge `looks` over what is on disk (other clusters' looks stay) and write it back. */
export async function saveBondLooks(stateDir: string, looks: Record<string, BondLook>): Promise<void> {
  const { mkdir, open, rename } = await import('node:fs/promises');
  const path = join(stateDir, FILE);
  const all = { ...(await loadBondLooks(stateDir)), ...looks };
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify({ version: 1, looks: all }, null, 1));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}
