/**
 * Encrypt or decrypt a whole file with age, as 1 MiB ranges of chunks (encrypt-range.ts) shared
 * by a worker and this thread, which also hashes the output in order. Why: OpenSSL's
 * ChaCha20-Poly1305 through Node costs ≈0.42 s per 256 MiB of one core here — about the whole
 * `age` CLI run — and SHA-256 ≈0.21 s, reads and writes ≈0.2 s more; alone, one thread takes
 * ≈0.9 s. The worker keeps SLOTS ranges in hand; whenever it holds all of them this thread
 * takes the next range itself rather than wait, and hashes in between, so on two cores both
 * spend their time in the cipher. A second worker was measured (2026-11): within the noise of this
 * thread helping, and +10 MiB of isolate against a whole `plat backup run`'s 120 MiB.
 * Sealing makes the header here (encrypt-x25519.ts, ≈10 ms); opening makes it in the worker
 * (age-encryption, kept out of the CLI's isolate). The worker boots (≈50 ms) while this thread
 * already seals; a small file is done before it would be ready, so it gets none.
 * Slots go round between the threads by transfer: memory stays flat for any file size.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../errors/index.js';
import { AgeOpenFailed } from './encrypt-keys.js';
import { RangeCrypt, type RangeOrder } from './encrypt-range.js';
import { CHUNK, openedSize, RANGE_CHUNKS, SEALED_CHUNK, SealBroken } from './encrypt-stream.js';
import type { CryptJobReply, CryptJobRequest } from './encrypt-worker.js';
import { startSealing } from './encrypt-x25519.js';

/** Ranges the worker holds at once, and slots this thread keeps for its own. */
const WORKER_SLOTS = 2;
const OWN_SLOTS = 2;
const SLOT_BYTES = RANGE_CHUNKS * SEALED_CHUNK;
/** Below this a seal runs on this thread alone: it is done before a worker would have booted. */
const SOLO_BYTES = 16 * RANGE_CHUNKS * CHUNK;

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
  /** Start the payload only once the worker is ready, so it takes the first ranges (tests: both threads surely take part). */
  waitForWorker?: boolean;
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

/** One turn of the event loop: the worker's messages arrive as macrotasks. */
const turn = () => new Promise<void>((r) => setImmediate(r));

export async function runCryptJob(job: CryptJob): Promise<CryptResult> {
  job.signal?.throwIfAborted();
  const what = job.kind === 'open' ? job.what : undefined;
  let worker: Worker | undefined;
  let ready = false;
  const replies: CryptJobReply[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
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
    fd = openSync(job.srcPath, 'r');
    const size = fstatSync(fd).size;
    if (job.kind === 'open' || size > SOLO_BYTES) {
      const w = (worker = startWorker()); // it boots while this thread makes the header and starts the payload
      w.on('message', (r: CryptJobReply) => (r.type === 'ready' ? (ready = true) : replies.push(r), wake?.()));
      w.once('error', (e) => ((failure ??= e), wake?.()));
      w.once('exit', (code) => ((failure ??= new Error(`the encryption worker exited (code ${code})`)), wake?.()));
    }
    let head: { key: Uint8Array; prefix?: Uint8Array; payloadOffset: number };
    if (job.kind === 'seal') head = { ...startSealing(job.recipients), payloadOffset: 0 };
    else {
      worker!.postMessage({ type: 'open-header', identities: job.identities, head: job.head, what: job.what } satisfies CryptJobRequest);
      head = await nextReply('header');
    }
    const payload = size - head.payloadOffset;
    if (job.kind === 'open' && openedSize(payload) === undefined) throw new AgeOpenFailed(`${job.what}: the encrypted payload is truncated (${Math.max(0, payload)} bytes is no size age writes)`);
    outFd = openSync(job.outPath, 'wx', 0o600);
    const base = head.prefix?.length ?? 0;
    if (head.prefix) {
      for (let off = 0; off < base; ) off += writeSync(outFd, head.prefix, off, base - off, off);
      hash.update(head.prefix);
      bytes += base;
    }
    const files = { kind: job.kind, key: head.key, fd, outFd };
    worker?.postMessage({ type: 'init', ...files } satisfies CryptJobRequest);
    const own = new RangeCrypt(files);
    while (job.waitForWorker && worker && !ready && !failure) await new Promise<void>((r) => (wake = r));

    const todo = ranges(job.kind, payload);
    const outSpan = RANGE_CHUNKS * (job.kind === 'seal' ? SEALED_CHUNK : CHUNK);
    const order = (i: number): RangeOrder => ({ first: todo[i]!.first, from: head.payloadOffset + todo[i]!.at, length: todo[i]!.length, to: base + i * outSpan, final: i === todo.length - 1 });
    const done = new Map<number, { out: ArrayBuffer; used: number }>();
    const free: ArrayBuffer[] = Array.from({ length: (worker ? WORKER_SLOTS : 0) + OWN_SLOTS }, () => new ArrayBuffer(SLOT_BYTES));
    let issued = 0;
    let atWorker = 0;
    for (let next = 0; next < todo.length; ) {
      if (failure) throw failure;
      while (ready && atWorker < WORKER_SLOTS && free.length && issued < todo.length) {
        const out = free.pop()!;
        worker!.postMessage({ type: 'range', seq: issued, out, ...order(issued) } satisfies CryptJobRequest, [out]);
        issued++;
        atWorker++;
      }
      if (!replies.length && free.length && issued < todo.length) {
        const out = free.pop()!;
        try {
          done.set(issued, { out, used: own.run(order(issued), out) });
        } catch (e) {
          throw e instanceof SealBroken && what ? new AgeOpenFailed(`${what}: ${e.message}`) : e;
        }
        issued++;
        await turn();
      } else {
        const r = await nextReply('range');
        atWorker--;
        done.set(r.seq, r);
      }
      for (let d = done.get(next); d; d = done.get(next)) {
        done.delete(next);
        hash.update(new Uint8Array(d.out, 0, d.used));
        bytes += d.used;
        free.push(d.out);
        next++;
      }
    }
    if (job.sync) await promisify(fsync)(outFd);
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
    worker?.removeAllListeners('exit');
    await worker?.terminate();
    // only once no worker can use them any more
    if (fd !== undefined) closeSync(fd);
    if (outFd !== undefined) closeSync(outFd);
  }
}
