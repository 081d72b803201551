/**
 * What a restore drill concludes from what it saw: keys grouped by resource, and the restored
 * etcd held against the facts the catalog recorded when the backup was taken (revision, etcdutl
 * hash, key count) and against the previous drill of the same cluster. Pure.
 */
import type { CatalogEntry } from './catalog.js';
import { compareText } from '../conventions/index.js';

/**
 * `/registry/pods/ns/name` → `/registry/pods`; API groups keep their resource
 * (`/registry/kustomize.toolkit.fluxcd.io/kustomizations/…` → `/registry/kustomize.toolkit.fluxcd.io/kustomizations`),
 * since Kubernetes stores CRD objects and aggregated kinds under `/registry/<group>/<resource>`.
 */
export function keyPrefix(key: string): string {
  const parts = key.split('/');
  if (parts[0] !== '') return '(no leading /)';
  if (parts[1] !== 'registry' || parts.length < 3) return `/${parts[1] ?? ''}`;
  const first = parts[2] ?? '';
  return first.includes('.') && parts.length > 4 ? `/registry/${first}/${parts[3]}` : `/registry/${first}`;
}

export function countByPrefix(keys: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) {
    const p = keyPrefix(k);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => compareText(a, b)));
}

/** What the drill observed on the restored etcd and from the local tool's `snapshot status`. */
export interface DrillObservation {
  revision: number;
  keys: number;
  prefixes: Record<string, number>;
  status: { hash: string; revision: number; totalKeys: number };
  /** e.g. `etcdctl 3.4.23`, for messages about version-dependent numbers. */
  tool: string;
}

export interface DrillVerdict {
  problems: string[];
  warnings: string[];
}

/** The catalog facts for one backup held against the restored etcd. */
export function compareWithCatalog(entry: Pick<CatalogEntry, 'revision' | 'snapshotHash' | 'totalKeys'> | undefined, seen: DrillObservation): DrillVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (seen.keys === 0) problems.push('the restored etcd holds no keys at all');
  else if (!Object.keys(seen.prefixes).some((p) => p.startsWith('/registry/'))) warnings.push('no /registry/ keys: this does not look like a Kubernetes etcd');
  if (seen.revision !== seen.status.revision) problems.push(`the restored etcd serves revision ${seen.revision}, but the snapshot's own status says ${seen.status.revision}`);
  if (!entry) return { problems, warnings };
  if (entry.revision !== undefined && entry.revision !== seen.revision) {
    problems.push(`revision ${seen.revision} after restore, ${entry.revision} in the catalog`);
  }
  if (entry.snapshotHash && entry.snapshotHash !== seen.status.hash) {
    problems.push(`etcd hash ${seen.status.hash} (${seen.tool} snapshot status), ${entry.snapshotHash} in the catalog`);
  }
  // etcdutl ≥ 3.6 counts live user keys, ≤ 3.5 every KV of every bucket (backup.md §1.4): a
  // difference between the two tools is expected, so it is a note, not a failure.
  if (entry.totalKeys !== undefined && entry.totalKeys !== seen.status.totalKeys && entry.totalKeys !== seen.keys) {
    warnings.push(`the catalog's "total keys" ${entry.totalKeys} matches neither ${seen.tool}'s ${seen.status.totalKeys} nor the ${seen.keys} live keys (the meaning changed in etcd 3.6)`);
  }
  return { problems, warnings };
}

/**
 * A resource that vanished since the previous good drill of the same cluster is worth a look
 * (a snapshot of the wrong member, or of a half-wiped cluster), but not a failure: namespaces
 * and CRDs do get deleted.
 */
export function compareWithPreviousDrill(previous: { file: string; prefixes?: Record<string, number>; keys?: number } | undefined, seen: Pick<DrillObservation, 'keys' | 'prefixes'>): string[] {
  if (!previous?.prefixes) return [];
  const out: string[] = [];
  const gone = Object.entries(previous.prefixes).filter(([p, n]) => n > 0 && !seen.prefixes[p]);
  if (gone.length) {
    const list = gone.slice(0, 5).map(([p, n]) => `${p} (${n})`).join(', ');
    out.push(`gone since the drill of ${previous.file}: ${list}${gone.length > 5 ? ` and ${gone.length - 5} more` : ''}`);
  }
  if (previous.keys !== undefined && previous.keys >= 100 && seen.keys < previous.keys / 2) {
    out.push(`${seen.keys} keys, fewer than half of the ${previous.keys} in the drill of ${previous.file}`);
  }
  return out;
}
