/**
 * Pipelined SFTP transfers. SFTP is request/response: one WRITE (or READ) at a time waits a round
 * trip per chunk, so throughput needs many requests in flight — what OpenSSH's sftp/scp client
 * does (64 outstanding requests) and ssh2's `fastPut`. Unlike `fastPut`, these read the local file
 * through ONE reused buffer (ssh2 copies the payload into its packet synchronously), feed every
 * chunk to a caller's hash, and report progress, so memory stays flat for any file size.
 */
import type { FileHandle } from 'node:fs/promises';
import type { SftpSession } from './sftp-session.js';

export interface TransferOptions {
  /** Bytes per request; capped at what ssh2 sends as one request. Default 128 KiB. */
  chunkBytes?: number;
  /** Requests in flight. Default 16. */
  depth?: number;
  /** Every chunk, in file order (e.g. a hash); must not keep the buffer. */
  onData?: (chunk: Uint8Array) => void;
  /** Bytes done so far; awaited before the next request is issued. */
  onProgress?: (bytes: number) => void | Promise<void>;
  signal?: AbortSignal;
}

const DEFAULT_CHUNK = 128 * 1024;
const DEFAULT_DEPTH = 16;

/** Settle every promise in `inflight`, then rethrow the first failure (no rejection left unobserved). */
async function drain(inflight: Set<Promise<void>>, first: { error?: unknown }): Promise<void> {
  await Promise.allSettled([...inflight]);
  if (first.error !== undefined) throw first.error;
}

/** Write the whole of `src` (from offset 0) to an open remote `handle`; returns the bytes sent. */
export async function putFromFile(s: SftpSession, handle: Buffer, remotePath: string, src: FileHandle, o: TransferOptions = {}): Promise<number> {
  const chunk = Math.min(o.chunkBytes ?? DEFAULT_CHUNK, s.maxWriteBytes);
  const depth = o.depth ?? DEFAULT_DEPTH;
  const buf = Buffer.allocUnsafeSlow(chunk);
  const inflight = new Set<Promise<void>>();
  const first: { error?: unknown } = {};
  let position = 0;
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      if (first.error !== undefined) break;
      const { bytesRead } = await src.read(buf, 0, chunk, position);
      if (!bytesRead) break;
      o.onData?.(buf.subarray(0, bytesRead));
      const p = s.write(handle, buf, bytesRead, position, remotePath).then(
        () => void inflight.delete(p),
        (e: unknown) => {
          inflight.delete(p);
          first.error ??= e;
        },
      );
      inflight.add(p);
      position += bytesRead;
      if (inflight.size >= depth) await Promise.race(inflight);
      await o.onProgress?.(position);
    }
  } catch (e) {
    first.error ??= e;
  }
  await drain(inflight, first);
  return position;
}

/**
 * Read a remote file from the start, handing each chunk to `consume` in order; returns the bytes
 * read. Short reads (allowed by the protocol) are completed before the chunk is handed on.
 */
export async function readRemoteFile(s: SftpSession, path: string, consume: (chunk: Uint8Array) => void, o: TransferOptions = {}): Promise<number> {
  const chunk = o.chunkBytes ?? DEFAULT_CHUNK;
  const depth = o.depth ?? DEFAULT_DEPTH;
  const handle = await s.open(path, 'r');
  try {
    const size = (await s.fstat(handle, path)).size;
    const readFull = async (buf: Buffer, at: number, want: number): Promise<number> => {
      let got = 0;
      while (got < want) {
        const n = await s.read(handle, got ? buf.subarray(got) : buf, want - got, at + got, path).catch((e: unknown) => {
          // ssh2 reports end of file as an error with the EOF status code (1)
          if ((e as { cause?: { code?: number } }).cause?.code === 1) return 0;
          throw e;
        });
        if (!n) break;
        got += n;
      }
      return got;
    };
    const queue: Promise<Buffer>[] = [];
    let next = 0;
    let done = 0;
    const issue = () => {
      while (queue.length < depth && next < size) {
        const at = next;
        const want = Math.min(chunk, size - at);
        const buf = Buffer.allocUnsafe(want);
        queue.push(readFull(buf, at, want).then((n) => buf.subarray(0, n)));
        next += want;
      }
    };
    issue();
    try {
      while (queue.length) {
        o.signal?.throwIfAborted();
        const data = await queue.shift()!;
        consume(data);
        done += data.length;
        if (data.length === 0) break; // the file shrank under us; the caller compares sizes
        await o.onProgress?.(done);
        issue();
      }
    } finally {
      await Promise.allSettled(queue);
    }
    return done;
  } finally {
    await s.close(handle, path).catch(() => undefined);
  }
}
