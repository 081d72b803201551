/**
 * Worker entry for compress-job.ts: read the raw snapshot, verify it, gzip it into the `.part`
 * file, hash the stored bytes, fsync. It imports the verifier's own module rather than the etcd
 * room's door on purpose: the door also loads the talosctl adapter (execa), which would only
 * grow this isolate's heap.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { SnapshotVerifier } from '../etcd/snapshot-check.js';
import { compressFile } from './compress-stream.js';
import type { CompressJob, CompressReply } from './compress-job.js';

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let off = 0; off < chunk.length; ) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
}

async function work(job: CompressJob): Promise<CompressReply> {
  const verifier = new SnapshotVerifier();
  const stored = createHash('sha256');
  let storedBytes = 0;
  const out = await open(job.partPath, 'wx', 0o600);
  try {
    const input = await open(job.rawPath, 'r');
    try {
      await compressFile(input, {
        gzip: job.gzip,
        level: job.level,
        onInput: (chunk) => verifier.update(chunk),
        write: async (chunk) => {
          stored.update(chunk);
          storedBytes += chunk.length;
          await writeAll(out, chunk);
        },
      });
    } finally {
      await input.close();
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { ok: true, check: verifier.finish(), storedBytes, sha256: stored.digest('hex') };
}

parentPort!.once('message', (job: CompressJob) => {
  work(job).then(
    (reply) => parentPort!.postMessage(reply),
    (e: NodeJS.ErrnoException) => parentPort!.postMessage({ ok: false, message: e.message, ...(e.code ? { code: e.code } : {}) } satisfies CompressReply),
  );
});
