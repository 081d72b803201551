/**
 * Worker entry for encrypt-job.ts. One worker first makes (or opens) the age header — so
 * age-encryption's modules load in a short-lived isolate, not in the CLI's; then every worker
 * seals (or opens) the ranges of chunks it is handed: it reads the range, writes the result at
 * its place in the output (both synchronously: this thread has nothing else to do, and every
 * hand-off between threads costs a scheduling delay on a busy machine) and returns it in the
 * slot it was given, for the main thread to hash in order.
 * The cipher's own output (a fresh Buffer per 64 KiB chunk) is garbage here, released every
 * 2 MiB (destinations/release-buffers.ts): sealing 256 MiB grows the process by 31 MiB (the
 * isolate and age-encryption's modules included) instead of 63 MiB.
 */
import { readSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { isPlatError } from '../errors/index.js';
import { releaseDeadBuffers } from './destinations/release-buffers.js';
import { openingKey, startSealing } from './encrypt-keys.js';
import { openRange, SealBroken, sealRange, type Sink } from './encrypt-stream.js';

export type CryptJobRequest =
  | { type: 'seal-header'; recipients: string[] }
  | { type: 'open-header'; identities: string[]; head: Uint8Array; what: string }
  /** `fd`/`outFd`: input and output, opened (and closed) by the main thread; descriptors are process-wide. */
  | { type: 'init'; kind: 'seal' | 'open'; key: Uint8Array; fd: number; outFd: number }
  /** Chunks from `first`, read from the input at `from` (`length` bytes), written to the output at `to`, returned in `out`. */
  | { type: 'range'; seq: number; first: number; from: number; length: number; to: number; final: boolean; out: ArrayBuffer };

export type CryptJobReply =
  | { type: 'header'; key: Uint8Array; prefix?: Uint8Array; payloadOffset: number }
  | { type: 'range'; seq: number; out: ArrayBuffer; used: number }
  /** `kind`: the typed error to raise on the main side (messages never carry key material). */
  | { type: 'error'; message: string; kind: 'broken' | 'AgeOpenFailed' | 'ConfigError' | 'other'; hint?: string };

let job: { kind: 'seal' | 'open'; key: Uint8Array; fd: number; outFd: number; input: Buffer } | undefined;
let ranges = 0;

function failed(e: unknown): CryptJobReply {
  const kind = e instanceof SealBroken ? 'broken' : isPlatError(e) && (e.name === 'AgeOpenFailed' || e.name === 'ConfigError') ? e.name : 'other';
  const hint = isPlatError(e) ? e.hint : undefined;
  return { type: 'error', message: (e as Error).message, kind, ...(hint ? { hint } : {}) };
}

async function header(msg: Extract<CryptJobRequest, { type: 'seal-header' | 'open-header' }>): Promise<CryptJobReply> {
  if (msg.type === 'seal-header') {
    const { prefix, key } = await startSealing(msg.recipients);
    return { type: 'header', key, prefix, payloadOffset: 0 };
  }
  const { key, payloadOffset } = await openingKey(msg.head, msg.identities, msg.what);
  return { type: 'header', key, payloadOffset };
}

function range(msg: Extract<CryptJobRequest, { type: 'range' }>): CryptJobReply {
  const j = job!;
  if (j.input.length < msg.length) j.input = Buffer.allocUnsafeSlow(msg.length);
  let got = 0;
  while (got < msg.length) {
    const n = readSync(j.fd, j.input, got, msg.length - got, msg.from + got);
    if (!n) throw new SealBroken('the file ended early (it changed while being read)');
    got += n;
  }
  const out = Buffer.from(msg.out);
  let used = 0;
  const sink: Sink = (piece) => {
    piece.copy(out, used);
    used += piece.length;
  };
  (j.kind === 'seal' ? sealRange : openRange)(j.key, j.input.subarray(0, msg.length), msg.first, msg.final, sink);
  for (let off = 0; off < used; ) off += writeSync(j.outFd, out, off, used - off, msg.to + off);
  if (++ranges % 2 === 0) releaseDeadBuffers();
  return { type: 'range', seq: msg.seq, out: msg.out, used };
}

parentPort!.on('message', (msg: CryptJobRequest) => {
  if (msg.type === 'seal-header' || msg.type === 'open-header') {
    header(msg).then(
      (reply) => parentPort!.postMessage(reply),
      (e: unknown) => parentPort!.postMessage(failed(e)),
    );
    return;
  }
  if (msg.type === 'init') {
    job = { kind: msg.kind, key: msg.key, fd: msg.fd, outFd: msg.outFd, input: Buffer.allocUnsafeSlow(0) };
    return;
  }
  let reply: CryptJobReply;
  try {
    reply = range(msg);
  } catch (e) {
    reply = failed(e);
  }
  parentPort!.postMessage(reply, reply.type === 'range' ? [reply.out] : []);
});
