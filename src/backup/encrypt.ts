/**
 * Encrypting and decrypting whole files with age, shared between this thread and a worker
 * (encrypt-job.ts; the header is made with encrypt-x25519.ts, or opened with encrypt-keys.ts in
 * the worker). The output is created exclusively with mode
 * 0600 — for a decryption only once the header opened, so a wrong identity leaves no file — and
 * fsynced. On a failure the caller removes whatever output exists.
 */
import { open } from 'node:fs/promises';
import { runCryptJob, type CryptResult } from './encrypt-job.js';

export type SealedFile = CryptResult;

export interface CryptFileOptions {
  /** fsync the output before returning (default true; false only to time the cipher like the age CLI, which does not). */
  sync?: boolean;
}

/** Encrypt `srcPath` to the recipients (`age1…`) into a NEW file `destPath`; returns its size and SHA-256. */
export function sealFile(srcPath: string, destPath: string, recipients: readonly string[], signal?: AbortSignal, o: CryptFileOptions = {}): Promise<SealedFile> {
  return runCryptJob({ kind: 'seal', recipients: [...recipients], srcPath, outPath: destPath, sync: o.sync ?? true, ...(signal ? { signal } : {}) });
}

/** Decrypt `srcPath` with any of the identities into a NEW file `destPath`; errors name `srcPath`, never a key. */
export async function openFile(srcPath: string, destPath: string, identities: readonly string[], signal?: AbortSignal, o: CryptFileOptions = {}): Promise<SealedFile> {
  const src = await open(srcPath, 'r');
  const head = Buffer.alloc(64 * 1024);
  let bytesRead: number;
  try {
    ({ bytesRead } = await src.read(head, 0, head.length, 0));
  } finally {
    await src.close();
  }
  return runCryptJob({ kind: 'open', identities: [...identities], head: head.subarray(0, bytesRead), what: srcPath, srcPath, outPath: destPath, sync: o.sync ?? true, ...(signal ? { signal } : {}) });
}
