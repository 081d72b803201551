/**
 * What plat needs from a place backups are copied to — a local directory (a mounted disk) or an
 * SFTP server — as one small interface, so shipping, the destination's own catalog, retention,
 * list and verify are written once. Paths are relative to the destination's root, `/`-separated.
 */
import type { BackupConfig } from '../../config/index.js';

export type DestinationConfig = BackupConfig['destinations'][number];

export interface StoredFile {
  name: string;
  size: number;
  isFile: boolean;
}

export type HashMethod = 'sha256sum' | 'read-back' | 'local';

export interface TransferHooks {
  /** Every chunk read from the local file, in order (the caller hashes it). */
  onData?: (chunk: Uint8Array) => void;
  /** Bytes sent so far; awaited, so a caller can act at an exact point. */
  onProgress?: (bytes: number) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface DestinationStore {
  /** The destination's name in plat.yaml. */
  readonly name: string;
  /** Where it is, for messages: `sftp://plat@backup:22/srv/backups/etcd` or a directory. */
  readonly where: string;
  /** The SHA256 fingerprint of the server's verified host key (SFTP only). */
  readonly hostKey?: string;
  /** Entries of a directory (`''` = the root); undefined when it does not exist. */
  list(dir: string): Promise<StoredFile[] | undefined>;
  size(path: string): Promise<number | undefined>;
  mkdirp(dir: string): Promise<void>;
  readText(path: string): Promise<string | undefined>;
  /** Replace `path` with `text` atomically (temp name, fsync where possible, rename over). */
  writeText(path: string, text: string): Promise<void>;
  /** Create `path` with `text` only if it does not exist; false when it does. */
  createExclusive(path: string, text: string): Promise<boolean>;
  /** Copy a local file to `path`, created exclusively with mode 0600, flushed; returns the bytes sent. */
  put(localPath: string, path: string, hooks?: TransferHooks): Promise<number>;
  /** SHA-256 of a stored file, computed where it lies when the server allows, else by reading it back. */
  sha256(path: string, hooks?: Pick<TransferHooks, 'signal'>): Promise<{ sha256: string; bytes: number; by: HashMethod }>;
  /** Give a complete temp file its final name; refuses to replace an existing file. */
  promote(tmp: string, final: string): Promise<void>;
  /** Delete a file; a missing one is fine. */
  remove(path: string): Promise<void>;
  close(): Promise<void>;
}

/** The temp name an upload writes first: hidden, and never parsed as a backup. */
export function uploadName(finalName: string, token: string): string {
  return `.${finalName}.${token}.upload`;
}

export function isUploadLeftover(name: string): boolean {
  // the catalog's temp: `.catalog.jsonl.<hex>.tmp` over SFTP, `catalog.jsonl.<pid>.tmp` from durable.ts
  return /^\.etcd-.*\.upload$/.test(name) || /^\.?catalog\.jsonl\..*\.tmp$/.test(name);
}
