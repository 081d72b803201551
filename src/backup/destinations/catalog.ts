/**
 * A destination's own `catalog.jsonl`, same format as the backup dir's: one entry per copy that
 * arrived complete and whose SHA-256 matched there. Replaced whole (temp + rename) after the file
 * it names has its final name — an entry never points at a partial upload. Damaged lines are
 * kept verbatim, as in the local catalog.
 */
import { parseCatalog, type CatalogEntry, type CatalogProblem } from '../catalog.js';
import { CATALOG_FILE } from '../catalog-file.js';
import type { DestinationStore } from './store.js';

export interface DestinationCatalog {
  entries: CatalogEntry[];
  problems: CatalogProblem[];
}

export async function readDestinationCatalog(store: DestinationStore): Promise<DestinationCatalog> {
  return parseCatalog((await store.readText(CATALOG_FILE)) ?? '');
}

export async function updateDestinationCatalog(store: DestinationStore, update: (entries: CatalogEntry[]) => CatalogEntry[]): Promise<CatalogEntry[]> {
  const lines = ((await store.readText(CATALOG_FILE)) ?? '').split('\n').filter((l) => l.trim());
  const damaged = lines.filter((l) => parseCatalog(l).entries.length === 0);
  const next = update(parseCatalog(lines.join('\n')).entries);
  const out = [...damaged, ...next.map((e) => JSON.stringify(e))];
  await store.writeText(CATALOG_FILE, out.length ? out.join('\n') + '\n' : '');
  return next;
}
