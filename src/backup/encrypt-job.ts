/**
 * Encrypt or decrypt a whole file with age: the header in a worker (encrypt-keys.ts), then the
 * payload as 1 MiB ranges of chunks that the worker reads, seals and writes at their place in
 * the output, while this thread hashes the ranges in order. Why: OpenSSL's ChaCha20-Poly1305
 * through Node costs ≈0.45 s per 256 MiB on one idle core here — as much as the whole `age` CLI
 * run (≈0.4 s) — and hashing adds ≈0.2 s; on two cores they overlap. Output slots go round
 * between the threads by transfer: memory stays flat for any file size. Every chunk depends only
 * on the key and its index (encrypt-stream.ts), so WORKERS could be more: two were measured —
 * faster on idle cores, but +16 MiB, which took a whole `plat backup run` past its 120 MiB.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../errors/index.js';
import { AgeOpenFailed } from './encrypt-keys.js';
import { CHUNK, openedSize, RANGE_CHUNKS, SEALED_CHUNK, SealBroken } from './encrypt-stream.js';
import type { CryptJobReply, CryptJobRequest } from './encrypt-worker.js';

const WORKERS = 1;
const SLOTS_PER_WORKER = 2;
const SLOT_BYTES = RANGE_CHUNKS * SEALED_CHUNK;

/** The compiled worker next to this module; from TypeScript sources (vitest, tsx) through tsx. */
function startWorker(): Worker {
  const limits = { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./encrypt-worker.js', import.meta.url), limits);
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./encrypt-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, { ...limits, eval: true });
}

export interface CryptResult {
  /** Bytes written to the output (header included when sealing) and their SHA-256. */
  bytes: number;
  sha256: string;
}

export type CryptJob = (
  | { kind: 'seal'; recipients: string[] }
  /** `head`: the file's first bytes (64 KiB hold any header plat or age writes); `what`: the file, for messages. */
  | { kind: 'open'; identities: string[]; head: Uint8Array; what: string }
) & {
  srcPath: string;
  /** Created exclusively (mode 0600) once the header is made or opened. */
  outPath: string;
  /** fsync `outPath` at the end. */
  sync: boolean;
  signal?: AbortSignal;
};

function raise(r: Extract<CryptJobReply, { type: 'error' }>, what: string | undefined): Error {
  const hint = r.hint ? { hint: r.hint } : {};
  if (r.kind === 'broken') return what ? new AgeOpenFailed(`${what}: ${r.message}`) : new SealBroken(r.message);
  if (r.kind === 'AgeOpenFailed') return new AgeOpenFailed(r.message, hint);
  if (r.kind === 'ConfigError') return new ConfigError(r.message, hint);
  return new Error(r.message);
}

/** The ranges of a payload of `bytes` bytes: [offset in the payload, length, first chunk]. */
function ranges(kind: 'seal' | 'open', bytes: number): { at: number; length: number; first: number }[] {
  const span = RANGE_CHUNKS * (kind === 'seal' ? CHUNK : SEALED_CHUNK);
  const count = Math.max(1, Math.ceil(bytes / span));
  return Array.from({ length: count }, (_, i) => ({ at: i * span, length: Math.min(span, bytes - i * span), first: i * RANGE_CHUNKS }));
}

export async function runCryptJob(job: CryptJob): Promise<CryptResult> {
  job.signal?.throwIfAborted();
  const what = job.kind === 'open' ? job.what : undefined;
  const workers: Worker[] = [];
  const replies: CryptJobReply[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const spawn = () => {
    const w = startWorker();
    w.on('message', (r: CryptJobReply) => (replies.push(r), wake?.()));
    w.once('error', (e) => ((failure ??= e), wake?.()));
    w.once('exit', (code) => ((failure ??= new Error(`the encryption worker exited (code ${code})`)), wake?.()));
    workers.push(w);
    return w;
  };
  const onAbort = () => ((failure ??= job.signal!.reason instanceof Error ? job.signal!.reason : new Error('aborted')), wake?.());
  job.signal?.addEventListener('abort', onAbort, { once: true });
  const nextReply = async <T extends CryptJobReply['type']>(type: T): Promise<Extract<CryptJobReply, { type: T }>> => {
    while (!replies.length && !failure) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    const r = replies.shift();
    if (r?.type === type) return r as Extract<CryptJobReply, { type: T }>;
    if (r?.type === 'error') throw raise(r, what);
    throw failure ?? new Error(`the encryption worker answered ${r?.type} where ${type} was expected`);
  };

  const hash = createHash('sha256');
  let bytes = 0;
  let fd: number | undefined;
  let outFd: number | undefined;
  try {
    while (workers.length < WORKERS) spawn(); // all start at once: their start-up overlaps the header's
    workers[0]!.postMessage((job.kind === 'seal' ? { type: 'seal-header', recipients: job.recipients } : { type: 'open-header', identities: job.identities, head: job.head, what: job.what }) satisfies CryptJobRequest);
    const head = await nextReply('header');
    fd = openSync(job.srcPath, 'r');
    const payload = fstatSync(fd).size - head.payloadOffset;
    if (job.kind === 'open' && openedSize(payload) === undefined) throw new AgeOpenFailed(`${job.what}: the encrypted payload is truncated (${Math.max(0, payload)} bytes is no size age writes)`);
    outFd = openSync(job.outPath, 'wx', 0o600);
    const base = head.prefix?.length ?? 0;
    if (head.prefix) {
      for (let off = 0; off < base; ) off += writeSync(outFd, head.prefix, off, base - off, off);
      hash.update(head.prefix);
      bytes += base;
    }
    for (const w of workers) w.postMessage({ type: 'init', kind: job.kind, key: head.key, fd, outFd } satisfies CryptJobRequest);

    const todo = ranges(job.kind, payload);
    const outSpan = RANGE_CHUNKS * (job.kind === 'seal' ? SEALED_CHUNK : CHUNK);
    const done = new Map<number, { out: ArrayBuffer; used: number }>();
    const free: ArrayBuffer[] = Array.from({ length: WORKERS * SLOTS_PER_WORKER }, () => new ArrayBuffer(SLOT_BYTES));
    let issued = 0;
    const issue = () => {
      while (free.length && issued < todo.length) {
        const r = todo[issued]!;
        const slot = free.pop()!;
        const msg: CryptJobRequest = { type: 'range', seq: issued, first: r.first, from: head.payloadOffset + r.at, length: r.length, to: base + issued * outSpan, final: issued === todo.length - 1, out: slot };
        workers[issued % WORKERS]!.postMessage(msg, [slot]);
        issued++;
      }
    };
    issue();
    for (let next = 0; next < todo.length; ) {
      const r = await nextReply('range');
      done.set(r.seq, r);
      for (let d = done.get(next); d; d = done.get(next)) {
        done.delete(next);
        hash.update(new Uint8Array(d.out, 0, d.used));
        bytes += d.used;
        free.push(d.out);
        next++;
      }
      issue();
    }
    if (job.sync) await promisify(fsync)(outFd);
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
    // only once no worker can use them any more
    if (fd !== undefined) closeSync(fd);
    if (outFd !== undefined) closeSync(outFd);
  }
}
