/**
 * `plat backup list` and `plat backup verify`: the catalog joined with what is on disk.
 * list is cheap (stat only): missing file, size differs (corrupt), on disk but not catalogued
 * (unlisted), set aside after failing verification (rejected). verify re-reads every byte.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import type { CatalogEntry, CatalogProblem } from './catalog.js';
import { readCatalog } from './catalog-file.js';
import { isWorkFile, parseBackupFileName } from './names.js';
import { verifyStoredFile, type StoredCheck } from './verify-stored.js';
import { compareText } from '../conventions/index.js';

export type BackupState = 'ok' | 'missing' | 'corrupt' | 'unlisted';

export interface InventoryRow {
  cluster: string;
  file: string;
  takenAt: string;
  revision?: number;
  storedBytes?: number;
  node?: string;
  state: BackupState;
  reason?: string;
  entry?: CatalogEntry;
}

export interface Inventory {
  dir: string;
  rows: InventoryRow[];
  catalogProblems: CatalogProblem[];
  /** Work files of interrupted runs (removed by the next `plat backup run`). */
  leftovers: string[];
}

async function sizeOf(path: string): Promise<number | undefined> {
  return stat(path).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
}

export async function listBackups(dir: string, clusters?: readonly string[]): Promise<Inventory> {
  const want = (c: string) => !clusters || clusters.includes(c);
  const catalog = await readCatalog(dir);
  const rows: InventoryRow[] = [];
  const listed = new Set<string>();
  for (const e of catalog.entries.filter((x) => want(x.cluster))) {
    listed.add(e.file);
    const size = await sizeOf(join(dir, e.file));
    const row: InventoryRow = { cluster: e.cluster, file: e.file, takenAt: e.takenAt, storedBytes: e.storedBytes, node: e.node, state: 'ok', entry: e, ...(e.revision !== undefined ? { revision: e.revision } : {}) };
    if (size === undefined) Object.assign(row, { state: 'missing', reason: 'catalogued, but the file is gone' });
    else if (size !== e.storedBytes) Object.assign(row, { state: 'corrupt', reason: `${size} bytes on disk, ${e.storedBytes} catalogued` });
    rows.push(row);
  }
  const leftovers: string[] = [];
  const subdirs = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const d of subdirs.filter((x) => x.isDirectory() && want(x.name))) {
    for (const f of await readdir(join(dir, d.name))) {
      const rel = `${d.name}/${f}`;
      if (isWorkFile(f)) leftovers.push(rel);
      const rejected = f.startsWith('.rejected-') ? parseBackupFileName(f.slice('.rejected-'.length)) : undefined;
      const name = rejected ?? parseBackupFileName(f);
      if (!name || listed.has(rel)) continue;
      rows.push({
        cluster: name.cluster, file: rel, takenAt: new Date(name.takenAt).toISOString(), storedBytes: await sizeOf(join(dir, rel)),
        ...(name.revision !== undefined ? { revision: name.revision } : {}),
        state: rejected ? 'corrupt' : 'unlisted',
        reason: rejected ? 'failed verification when found; set aside, never used' : 'on disk but not catalogued (the next backup run re-verifies and catalogues it)',
      });
    }
  }
  rows.sort((a, b) => compareText(a.cluster, b.cluster) || compareText(b.takenAt, a.takenAt));
  return { dir, rows, catalogProblems: catalog.problems, leftovers };
}

export interface VerifyResult extends StoredCheck {
  file: string;
  cluster: string;
  catalogued: boolean;
}

/** Verify one file (a path, or `<cluster>/<file>` relative to the backup dir) or, without one, every backup listed. */
export async function verifyBackups(dir: string, opts: { file?: string; cwd: string; clusters?: readonly string[]; signal?: AbortSignal }): Promise<VerifyResult[]> {
  const inv = await listBackups(dir, opts.clusters);
  let targets = inv.rows.filter((r) => r.state !== 'corrupt' || r.entry);
  if (opts.file) {
    const abs = isAbsolute(opts.file) ? opts.file : (await sizeOf(resolve(opts.cwd, opts.file))) !== undefined ? resolve(opts.cwd, opts.file) : join(dir, opts.file);
    const rel = relative(dir, abs);
    const row = inv.rows.find((r) => r.file === rel);
    if (!row && (await sizeOf(abs)) === undefined) throw new UserError(`${opts.file}: no such backup file`, { hint: `plat backup list shows the backups in ${dir}` });
    targets = row ? [row] : [{ cluster: parseBackupFileName(abs.split('/').pop() ?? '')?.cluster ?? '?', file: abs, takenAt: '', state: 'unlisted' }];
  }
  const out: VerifyResult[] = [];
  for (const r of targets) {
    const path = isAbsolute(r.file) ? r.file : join(dir, r.file);
    const check = await verifyStoredFile(path, r.entry, opts.signal ? { signal: opts.signal } : {});
    out.push({ ...check, file: r.file, cluster: r.cluster, catalogued: !!r.entry });
  }
  return out;
}
