/**
 * Worker entry for encrypt-job.ts. It says `ready` once loaded (the main thread works alone until
 * then), opens an age header when asked — so age-encryption's modules load in a short-lived
 * isolate, not in the CLI's — and runs the ranges of chunks it is handed (encrypt-range.ts),
 * returning each in the slot it came in, for the main thread to hash in order.
 */
import { parentPort } from 'node:worker_threads';
import { isPlatError } from '../errors/index.js';
import { RangeCrypt, type RangeFiles, type RangeOrder } from './encrypt-range.js';
import { SealBroken } from './encrypt-stream.js';

export type CryptJobRequest =
  | { type: 'open-header'; identities: string[]; head: Uint8Array; what: string }
  | ({ type: 'init' } & RangeFiles)
  | ({ type: 'range'; seq: number; out: ArrayBuffer } & RangeOrder);

export type CryptJobReply =
  | { type: 'ready' }
  | { type: 'header'; key: Uint8Array; payloadOffset: number }
  | { type: 'range'; seq: number; out: ArrayBuffer; used: number }
  /** `kind`: the typed error to raise on the main side (messages never carry key material). */
  | { type: 'error'; message: string; kind: 'broken' | 'AgeOpenFailed' | 'ConfigError' | 'other'; hint?: string };

let crypt: RangeCrypt | undefined;

function failedReply(e: unknown): Extract<CryptJobReply, { type: 'error' }> {
  const kind = e instanceof SealBroken ? 'broken' : isPlatError(e) && (e.name === 'AgeOpenFailed' || e.name === 'ConfigError') ? e.name : 'other';
  const hint = isPlatError(e) ? e.hint : undefined;
  return { type: 'error', message: (e as Error).message, kind, ...(hint ? { hint } : {}) };
}

const port = parentPort!;
port.on('message', (msg: CryptJobRequest) => {
  if (msg.type === 'open-header') {
    import('./encrypt-keys.js')
      .then(({ openingKey }) => openingKey(msg.head, msg.identities, msg.what))
      .then(
        ({ key, payloadOffset }) => port.postMessage({ type: 'header', key, payloadOffset } satisfies CryptJobReply),
        (e: unknown) => port.postMessage(failedReply(e)),
      );
    return;
  }
  if (msg.type === 'init') {
    crypt = new RangeCrypt(msg);
    return;
  }
  let reply: CryptJobReply;
  try {
    reply = { type: 'range', seq: msg.seq, out: msg.out, used: crypt!.run(msg, msg.out) };
  } catch (e) {
    reply = failedReply(e);
  }
  port.postMessage(reply, reply.type === 'range' ? [reply.out] : []);
});
port.postMessage({ type: 'ready' } satisfies CryptJobReply);
