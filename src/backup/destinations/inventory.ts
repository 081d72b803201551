/**
 * `plat backup list --dest` and `verify --dest`: a destination's own catalog joined with what is
 * really there. list stats only (missing, size differs, unlisted, leftovers of cut uploads);
 * verify hashes every catalogued copy where it lies (sha256sum on the server, or read back) and
 * compares with the SHA-256 the copy had when the backup was verified locally.
 */
import { UserError } from '../../errors/index.js';
import type { CatalogProblem } from '../catalog.js';
import { parseStoredName } from '../encrypt-names.js';
import type { InventoryRow } from '../inventory.js';
import { readDestinationCatalog } from './catalog.js';
import type { CheckRow } from './report.js';
import { isUploadLeftover, type DestinationStore } from './store.js';
import { compareText } from '../../conventions/index.js';

export interface DestinationInventory {
  destination: string;
  where: string;
  rows: InventoryRow[];
  catalogProblems: CatalogProblem[];
  /** Temp files of cut-off uploads (the next run removes them). */
  leftovers: string[];
}

export async function listDestination(store: DestinationStore, clusters?: readonly string[]): Promise<DestinationInventory> {
  const want = (c: string) => !clusters || clusters.includes(c);
  const catalog = await readDestinationCatalog(store);
  const root = (await store.list('')) ?? [];
  const dirs = new Set([...root.filter((f) => !f.isFile).map((f) => f.name), ...catalog.entries.map((e) => e.cluster)].filter(want));
  const sizes = new Map<string, number>();
  const rows: InventoryRow[] = [];
  const leftovers: string[] = root.filter((f) => f.isFile && isUploadLeftover(f.name)).map((f) => f.name);
  for (const dir of dirs) {
    for (const f of (await store.list(dir)) ?? []) {
      if (!f.isFile) continue;
      sizes.set(`${dir}/${f.name}`, f.size);
      if (isUploadLeftover(f.name)) leftovers.push(`${dir}/${f.name}`);
    }
  }
  const listed = new Set<string>();
  for (const e of catalog.entries.filter((x) => want(x.cluster))) {
    listed.add(e.file);
    const size = sizes.get(e.file);
    const row: InventoryRow = { cluster: e.cluster, file: e.file, takenAt: e.takenAt, storedBytes: e.storedBytes, node: e.node, state: 'ok', entry: e, ...(e.revision !== undefined ? { revision: e.revision } : {}) };
    if (size === undefined) Object.assign(row, { state: 'missing', reason: "in the destination's catalog, but the file is gone" });
    else if (size !== e.storedBytes) Object.assign(row, { state: 'corrupt', reason: `${size} bytes there, ${e.storedBytes} catalogued` });
    rows.push(row);
  }
  for (const [file, size] of sizes) {
    const name = parseStoredName(file.split('/').pop()!);
    if (!name || listed.has(file)) continue;
    rows.push({
      cluster: name.cluster, file, takenAt: new Date(name.takenAt).toISOString(), storedBytes: size, state: 'unlisted',
      ...(name.revision !== undefined ? { revision: name.revision } : {}),
      reason: "not in the destination's catalog (not written by plat, or cut off after its rename: the next run checks it)",
    });
  }
  rows.sort((a, b) => compareText(a.cluster, b.cluster) || compareText(b.takenAt, a.takenAt));
  return { destination: store.name, where: store.where, rows, catalogProblems: catalog.problems, leftovers };
}

/** A row of the verify table (report.ts), for a copy at a destination: hashed only, so no `snapshot`. */
export interface DestinationCheck extends Omit<CheckRow, 'snapshot'> {
  cluster: string;
  /** Where the copy lies, for messages. */
  path: string;
}

export async function verifyDestination(store: DestinationStore, o: { file?: string; clusters?: readonly string[]; signal?: AbortSignal }): Promise<DestinationCheck[]> {
  const inv = await listDestination(store, o.file ? undefined : o.clusters);
  let targets = inv.rows.filter((r) => r.entry);
  if (o.file) {
    const row = inv.rows.find((r) => r.file === o.file || r.file.split('/').pop() === o.file);
    if (!row) throw new UserError(`${o.file}: no such backup at ${store.name} (${store.where})`, { hint: `plat backup list --dest ${store.name} shows what is there` });
    targets = [row];
  }
  const out: DestinationCheck[] = [];
  for (const r of targets) {
    const base = { file: r.file, cluster: r.cluster, path: `${store.where}/${r.file}`, catalogued: !!r.entry };
    if (r.state === 'missing') {
      out.push({ ...base, ok: false, problems: ['the file is missing'], storedBytes: 0, sha256: '' });
      continue;
    }
    const h = await store.sha256(r.file, o.signal ? { signal: o.signal } : {});
    const problems: string[] = [];
    if (r.entry) {
      if (h.bytes !== r.entry.storedBytes) problems.push(`size ${h.bytes} differs from the catalog's ${r.entry.storedBytes}`);
      if (h.sha256 !== r.entry.sha256) problems.push(`sha256 differs from the catalog (${h.sha256.slice(0, 16)}… vs ${r.entry.sha256.slice(0, 16)}…)`);
    } else problems.push("not in the destination's catalog: nothing to compare it with");
    out.push({ ...base, ok: problems.length === 0, problems, storedBytes: h.bytes, sha256: h.sha256, checkedBy: h.by });
  }
  return out;
}
