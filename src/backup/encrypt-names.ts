/**
 * Names of encrypted backups: the stored name plus `.age` (`etcd-infra-…-rev42.db.gz.age`), the
 * suffix the age CLI's users expect. Pure; builds on names.ts.
 */
import { backupFileName, parseBackupFileName, type BackupName } from './names.js';

export const SEALED_SUFFIX = '.age';

export function storedFileName(name: BackupName, sealed: boolean): string {
  return backupFileName(name) + (sealed ? SEALED_SUFFIX : '');
}

export interface StoredName extends BackupName {
  sealed: boolean;
}

/** A backup file name, encrypted or not; undefined for anything else (work files, the catalog…). */
export function parseStoredName(file: string): StoredName | undefined {
  const sealed = file.endsWith(SEALED_SUFFIX);
  const name = parseBackupFileName(sealed ? file.slice(0, -SEALED_SUFFIX.length) : file);
  return name ? { ...name, sealed } : undefined;
}
