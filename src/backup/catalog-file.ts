/** Reading and atomically replacing `<dir>/catalog.jsonl` (callers hold the backup lock to write). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCatalog, type CatalogEntry, type CatalogProblem } from './catalog.js';
import { writeFileAtomic } from './durable.js';

export const CATALOG_FILE = 'catalog.jsonl';

export interface Catalog {
  path: string;
  entries: CatalogEntry[];
  problems: CatalogProblem[];
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

export async function readCatalog(dir: string): Promise<Catalog> {
  const path = join(dir, CATALOG_FILE);
  return { path, ...parseCatalog(await readText(path)) };
}

/**
 * Replace the catalog with `update(entries)`. Lines that cannot be read are kept verbatim: they
 * are evidence for a human, not ours to drop.
 */
export async function updateCatalog(dir: string, update: (entries: CatalogEntry[]) => CatalogEntry[]): Promise<void> {
  const path = join(dir, CATALOG_FILE);
  const lines = (await readText(path)).split('\n').filter((l) => l.trim());
  const damaged = lines.filter((l) => parseCatalog(l).entries.length === 0);
  const next = update(parseCatalog(lines.join('\n')).entries);
  const out = [...damaged, ...next.map((e) => JSON.stringify(e))];
  await writeFileAtomic(path, out.length ? out.join('\n') + '\n' : '', String(process.pid));
}

export function appendCatalog(dir: string, add: readonly CatalogEntry[]): Promise<void> {
  return updateCatalog(dir, (entries) => [...entries, ...add]);
}
