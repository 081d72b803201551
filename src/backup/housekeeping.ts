/**
 * What a crashed or killed run can leave, put right at the start of the next run (under the
 * lock, so nothing found is in use): work files (`.staging-*`, `.*.part`, talosctl's own
 * `<path>.part`) are removed; a complete backup under its final name without a catalog entry —
 * a run stopped between the rename and the catalog update — is verified again and catalogued,
 * so retention and `list` see it. One that fails verification is renamed aside, never deleted;
 * an encrypted one is only named (verifying it takes the identity).
 */
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../conventions/index.js';
import type { CatalogEntry } from './catalog.js';
import { appendCatalog, readCatalog } from './catalog-file.js';
import { parseStoredName } from './encrypt-names.js';
import { isWorkFile, parseBackupFileName } from './names.js';
import { verifyStoredFile } from './verify-stored.js';

export async function removeWorkFiles(dir: string, cluster: string): Promise<string[]> {
  const clusterDir = join(dir, cluster);
  const removed: string[] = [];
  for (const f of await readdir(clusterDir).catch(() => [] as string[])) {
    if (!isWorkFile(f)) continue;
    await unlink(join(clusterDir, f)).catch(() => undefined);
    removed.push(f);
  }
  if (removed.length) await fsyncDir(clusterDir);
  return removed;
}

export interface AdoptResult {
  adopted: string[];
  /** Files that looked like backups but did not verify: renamed to `.rejected-<name>`. */
  rejected: { file: string; problems: string[] }[];
  /** Encrypted backups under a final name the catalog does not list: they cannot be verified, so not adopted, without the identity. */
  sealed: string[];
}

export async function adoptUnlisted(dir: string, cluster: string, platVersion: string): Promise<AdoptResult> {
  const listed = new Set((await readCatalog(dir)).entries.map((e) => e.file));
  const clusterDir = join(dir, cluster);
  const files = (await readdir(clusterDir).catch(() => [] as string[])).sort();
  // parseBackupFileName below takes no `.age` name, so nothing adopted or set aside is one of these
  const sealed = files.filter((f) => parseStoredName(f)?.sealed && !listed.has(`${cluster}/${f}`)).map((f) => `${cluster}/${f}`);
  const out: AdoptResult = { adopted: [], rejected: [], sealed };
  const add: CatalogEntry[] = [];
  for (const f of files) {
    const name = parseBackupFileName(f);
    const rel = `${cluster}/${f}`;
    if (!name || name.cluster !== cluster || listed.has(rel)) continue;
    const path = join(clusterDir, f);
    if (!(await stat(path)).isFile()) continue;
    const check = await verifyStoredFile(path);
    const s = check.snapshot;
    if (!check.ok || !s?.trailerSha256 || s.pageSize === undefined || s.pgid === undefined || s.txid === undefined) {
      await rename(path, join(clusterDir, `.rejected-${f}`));
      out.rejected.push({ file: rel, problems: check.problems });
      continue;
    }
    add.push({
      v: 1, cluster, file: rel, takenAt: new Date(name.takenAt).toISOString(), node: 'unknown', nodeAddress: 'unknown',
      storedBytes: check.storedBytes, snapshotBytes: s.sizeBytes, sha256: check.sha256, trailerSha256: s.trailerSha256,
      ...(name.revision !== undefined ? { revision: name.revision } : {}),
      pageSize: s.pageSize, pgid: s.pgid, txid: s.txid, compression: name.compression, verified: true, platVersion, adopted: true,
    });
    out.adopted.push(rel);
  }
  if (add.length) await appendCatalog(dir, add);
  if (out.rejected.length) await fsyncDir(clusterDir);
  return out;
}
