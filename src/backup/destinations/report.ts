/** Tables for `plat backup verify --dest` and for encrypted files in `plat backup verify`. Pure. */
import type { Column } from '../../cli/index.js';
import type { SnapshotCheck } from '../../etcd/index.js';
import { mb } from '../events.js';
import type { HashMethod } from './store.js';

export interface CheckRow {
  file: string;
  ok: boolean;
  problems: string[];
  storedBytes: number;
  sha256: string;
  catalogued: boolean;
  checkedBy?: HashMethod;
  snapshot?: SnapshotCheck;
}

const HOW: Record<HashMethod, string> = { sha256sum: 'by sha256sum on the server', 'read-back': 'read back over SFTP', local: 're-read' };

function details(r: CheckRow): string {
  if (!r.ok) return r.problems.join('; ');
  const stored = `${mb(r.storedBytes)} stored, sha256 ${r.sha256.slice(0, 12)}…`;
  if (r.snapshot) return `${stored}; snapshot ${mb(r.snapshot.sizeBytes)}, trailer and meta pages ok, txid ${r.snapshot.txid ?? '?'}${r.catalogued ? '' : ' (not catalogued)'}`;
  if (r.checkedBy) return `${stored} matches the catalog (${HOW[r.checkedBy]})`;
  return `${stored} matches the catalog; encrypted (age): header and size ok, contents need the identity`;
}

export const checkColumns: Column<CheckRow>[] = [
  { header: 'file', value: (r) => r.file },
  { header: 'result', value: (r) => (r.ok ? 'ok' : 'FAILED') },
  { header: 'details', value: details },
];
