/**
 * Where drill results live: on the drilled backup's line in `catalog.jsonl` (field `drill`, so
 * `plat backup list -o json` shows it per backup), and in `drills.jsonl`, a short history per
 * backup dir that survives retention — local retention keeps 24 h, and "when did a restore last
 * work" must not vanish with the file it was tried on. Callers hold the backup lock.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { humanDuration } from '../time/index.js';
import type { CatalogEntry } from './catalog.js';
import { updateCatalog } from './catalog-file.js';
import { writeFileAtomic } from './durable.js';
import { compareText } from '../conventions/index.js';

export const DRILLS_FILE = 'drills.jsonl';
/** Lines kept in drills.jsonl: years of weekly drills for a few clusters. */
const HISTORY = 500;

export interface DrillRecord {
  v: 1;
  cluster: string;
  /** `<cluster>/<file>` for a catalogued backup, else the absolute path drilled. */
  file: string;
  catalogued: boolean;
  /** ISO time the drill started. */
  at: string;
  seconds: number;
  ok: boolean;
  /** Why it failed, most important first; empty when ok. */
  problems: string[];
  warnings: string[];
  /** `etcdctl 3.4.23` / `etcdutl 3.5.9`, and the etcd that served the restored data. */
  tool?: string;
  etcd?: string;
  /** Read from the restored, running etcd. */
  revision?: number;
  keys?: number;
  prefixes?: Record<string, number>;
  /** `snapshot status` of the plaintext snapshot, `%08x`. */
  snapshotHash?: string;
  /** The file had no sha256 trailer (a data-dir copy) and was restored with --skip-hash-check. */
  hashless?: true;
}

/** A catalog line that has been drilled (the field is ours; catalog.ts keeps unknown fields). */
export type DrilledEntry = CatalogEntry & { drill?: Omit<DrillRecord, 'v' | 'cluster' | 'file' | 'catalogued'> };

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

export async function readDrills(dir: string): Promise<DrillRecord[]> {
  const out: DrillRecord[] = [];
  for (const line of (await readText(join(dir, DRILLS_FILE))).split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as DrillRecord;
      if (r && r.v === 1 && typeof r.cluster === 'string' && typeof r.at === 'string') out.push(r);
    } catch {
      /* a damaged line is skipped; the next write keeps only parsed ones */
    }
  }
  return out;
}

/** The newest drill of `cluster`, good or not. */
export async function lastDrill(dir: string, cluster: string): Promise<DrillRecord | undefined> {
  return newestOf((await readDrills(dir)).filter((r) => r.cluster === cluster));
}

/** The newest good drill of `cluster` (what a new drill compares its key census with). */
export async function lastGoodDrill(dir: string, cluster: string): Promise<DrillRecord | undefined> {
  return newestOf((await readDrills(dir)).filter((r) => r.cluster === cluster && r.ok));
}

function newestOf(rs: DrillRecord[]): DrillRecord | undefined {
  return rs.sort((a, b) => compareText(b.at, a.at))[0];
}

export async function recordDrill(dir: string, rec: DrillRecord): Promise<void> {
  if (rec.catalogued) {
    const { v: _v, cluster: _c, file: _f, catalogued: _k, ...drill } = rec;
    await updateCatalog(dir, (entries) => entries.map((e): DrilledEntry => (e.file === rec.file && e.cluster === rec.cluster ? { ...e, drill } : e)));
  }
  const history = [...(await readDrills(dir)), rec].slice(-HISTORY);
  await writeFileAtomic(join(dir, DRILLS_FILE), history.map((r) => JSON.stringify(r)).join('\n') + '\n', String(process.pid));
}

/** One cell for `plat backup status`: `ok 3h ago (rev 1234, 5321 keys)` / `FAILED 2d ago: …` / `never`. */
export function drillCell(rec: DrillRecord | undefined, now: number): string {
  if (!rec) return 'never';
  const ago = `${humanDuration(Math.max(0, now - Date.parse(rec.at)) / 1000)} ago`;
  if (!rec.ok) return `FAILED ${ago}: ${rec.problems[0] ?? 'unknown reason'}`;
  const facts = [rec.revision !== undefined ? `rev ${rec.revision}` : '', rec.keys !== undefined ? `${rec.keys} keys` : ''].filter(Boolean).join(', ');
  return `ok ${ago}${facts ? ` (${facts})` : ''}`;
}
