/**
 * Backup file names: `<cluster>/etcd-<cluster>-<UTC YYYYMMDDTHHMMSSZ>-rev<revision>.db[.gz]`.
 * Sortable, no colons (talos-backup's RFC 3339 names have them), the revision visible in a
 * listing (Gardener-style). Retention reads the time from the name, never from mtime (backup.md
 * §8.1). Work files start with a dot so nothing that lists `etcd-*` ever sees them. Pure.
 */

export type Compression = 'gzip' | 'none';

export interface BackupName {
  cluster: string;
  takenAt: number;
  /** undefined when talosctl printed no `snapshot info:` line. */
  revision?: number;
  compression: Compression;
}

const NAME = /^etcd-([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-(\d{8}T\d{6}Z)-rev(\d+|unknown)\.db(\.gz)?$/;

export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export function parseUtcStamp(stamp: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return utcStamp(ms) === stamp ? ms : undefined;
}

export function backupFileName(b: BackupName): string {
  const rev = b.revision === undefined ? 'unknown' : String(b.revision);
  return `etcd-${b.cluster}-${utcStamp(b.takenAt)}-rev${rev}.db${b.compression === 'gzip' ? '.gz' : ''}`;
}

/** `<cluster>/<file>`, the path relative to the backup dir that the catalog records. */
export function backupPath(b: BackupName): string {
  return `${b.cluster}/${backupFileName(b)}`;
}

export function parseBackupFileName(file: string): BackupName | undefined {
  const m = NAME.exec(file);
  if (!m) return undefined;
  const takenAt = parseUtcStamp(m[2]!);
  if (takenAt === undefined) return undefined;
  const out: BackupName = { cluster: m[1]!, takenAt, compression: m[4] ? 'gzip' : 'none' };
  if (m[3] !== 'unknown') out.revision = Number(m[3]);
  return out;
}

/** Work files of a run: the raw snapshot talosctl writes, and the stored file before its rename. */
export function stagingName(takenAt: number, pid: number): string {
  return `.staging-${utcStamp(takenAt)}-${pid}.db`;
}

export function partName(finalName: string, pid: number): string {
  return `.${finalName}.${pid}.part`;
}

/** A file a crashed run may have left behind (ours or talosctl's `<path>.part`). */
export function isWorkFile(file: string): boolean {
  return /^\.staging-.*\.db(\.part)?$/.test(file) || /^\.etcd-.*\.part$/.test(file);
}
