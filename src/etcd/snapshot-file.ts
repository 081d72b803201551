/** Verify a snapshot file on disk by streaming it through SnapshotVerifier (never the whole file in memory). */
import { createReadStream } from 'node:fs';
import { SnapshotVerifier, type SnapshotCheck } from './snapshot-check.js';

/** Chunk size for reading snapshots: big enough for hashing speed, small enough for a flat RSS. */
export const READ_CHUNK = 256 * 1024;

export async function verifySnapshotFile(path: string, opts: { signal?: AbortSignal } = {}): Promise<SnapshotCheck> {
  const v = new SnapshotVerifier();
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK, signal: opts.signal });
  for await (const chunk of stream) v.update(chunk as Buffer);
  return v.finish();
}
