/**
 * The Flux trees shipped with the lab (trees/*.yaml), read with positions kept so a broken tree
 * fails with file:line:col. Looked up next to this module, and — when running from dist/, where
 * tsc does not copy YAML — in the source tree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { UserError } from '../../errors/index.js';
import { parseFluxTreeYaml } from './load-tree.js';
import type { FluxTreeSpec } from './tree-schema.js';

function treesDir(): string {
  const here = fileURLToPath(new URL('./trees/', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../../../src/lab/flux-sim/trees/', import.meta.url));
}

export function namedFluxTrees(): string[] {
  return readdirSync(treesDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export function loadNamedFluxTree(name: string): FluxTreeSpec {
  const known = namedFluxTrees();
  if (!known.includes(name)) throw new UserError(`unknown Flux tree '${name}'; known trees: ${known.join(', ')}`);
  const file = join(treesDir(), `${name}.yaml`);
  return parseFluxTreeYaml(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file);
}
