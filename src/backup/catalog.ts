/**
 * `catalog.jsonl`: one JSON object per verified backup, in the backup dir. The file is only ever
 * replaced whole (temp, fsync, rename), after the backup it names is complete under its final
 * name — so an entry always points at a complete file. Parsing is forgiving per line: a damaged
 * line is reported, the others still count. Pure (the file I/O is in catalog-file.ts).
 */
import type { Compression } from './names.js';

export interface CatalogEntry {
  v: 1;
  cluster: string;
  /** Relative to the backup dir: `<cluster>/etcd-<cluster>-<stamp>-rev<rev>.db.gz`. */
  file: string;
  /** ISO time the snapshot was taken (UTC), also in the file name. */
  takenAt: string;
  /** Control-plane node the snapshot came from (name) and its address. */
  node: string;
  nodeAddress: string;
  memberId?: string;
  /** Bytes on disk (compressed) and of the snapshot itself. */
  storedBytes: number;
  snapshotBytes: number;
  /** SHA-256 of the stored bytes, for re-checks without decompressing. */
  sha256: string;
  /** The snapshot's own SHA-256 trailer (= SHA-256 of its bbolt bytes). */
  trailerSha256: string;
  /** From talosctl's `snapshot info:` line (etcdutl Status). */
  revision?: number;
  totalKeys?: number;
  snapshotHash?: string;
  /** From the bbolt meta page bbolt would use. */
  pageSize: number;
  pgid: number;
  txid: number;
  compression: Compression;
  verified: true;
  platVersion: string;
  /** Found complete on disk without an entry (a run stopped between rename and catalog) and re-verified. */
  adopted?: true;
  /**
   * The stored file is age-encrypted (`….age`): `storedBytes`/`sha256` describe the encrypted
   * file; `plainBytes`/`plainSha256` the compressed snapshot inside, checked after a decrypt.
   */
  encryption?: { format: 'age'; recipients: string[]; plainBytes: number; plainSha256: string };
  /** In a destination's catalog: when the copy was shipped and how its bytes were checked there. */
  shippedAt?: string;
  checkedBy?: 'sha256sum' | 'read-back' | 'local';
}

export interface CatalogProblem {
  line: number;
  message: string;
}

const REQUIRED: (keyof CatalogEntry)[] = ['cluster', 'file', 'takenAt', 'storedBytes', 'snapshotBytes', 'sha256', 'trailerSha256', 'compression'];

export function parseCatalog(text: string): { entries: CatalogEntry[]; problems: CatalogProblem[] } {
  const entries: CatalogEntry[] = [];
  const problems: CatalogProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      problems.push({ line: i + 1, message: 'not valid JSON' });
      return;
    }
    const e = obj as Partial<CatalogEntry>;
    const missing = REQUIRED.filter((k) => e[k] === undefined);
    if (typeof obj !== 'object' || obj === null || missing.length) {
      problems.push({ line: i + 1, message: `missing ${missing.join(', ') || 'fields'}` });
      return;
    }
    if (Number.isNaN(Date.parse(e.takenAt!))) {
      problems.push({ line: i + 1, message: `takenAt "${String(e.takenAt).slice(0, 30)}" is not a time` });
      return;
    }
    entries.push(e as CatalogEntry);
  });
  return { entries, problems };
}

export function serializeCatalog(entries: readonly CatalogEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
}
