import { scrubSecrets } from '../errors/index.js';

/** A one-line, secret-free reason for a source error, for badges and findings. */
export function errorReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n').find((l) => l.trim()) ?? 'unknown error';
  return scrubSecrets(line.trim()).slice(0, 200);
}
