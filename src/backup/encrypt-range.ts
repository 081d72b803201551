/**
 * One range of chunks of a whole-file age job: read it from the input, seal (or open) it into a
 * slot, write the result at its place in the output. The worker (encrypt-worker.ts) runs it, and
 * so does the main thread (encrypt-job.ts) whenever the worker already holds all the ranges it
 * may: on two cores both then spend their time in the cipher. Reads and writes are synchronous:
 * the thread has nothing else to do meanwhile, and each hand-off between threads costs a
 * scheduling delay on a busy machine.
 * The cipher's own output (a fresh Buffer per 64 KiB chunk) is garbage, released every 3 MiB
 * (destinations/release-buffers.ts): without that, sealing 256 MiB grew the process by ~30 MiB
 * per thread. Measured 2026-11-27 on 256 MiB, 2 cores: every 2 MiB sealed at 0.43–0.56× `age`
 * (the forced scavenges cost the margin) with a whole `plat backup run` peaking at 111 MiB;
 * every 3 MiB 0.54–0.58× and 116 MiB; every 4 MiB 0.56–0.60× and 116 MiB (budgets: ≥ 0.5×, 120).
 */
import { readSync, writeSync } from 'node:fs';
import { releaseDeadBuffers } from './destinations/release-buffers.js';
import { openRange, SealBroken, sealRange } from './encrypt-stream.js';

export interface RangeFiles {
  kind: 'seal' | 'open';
  key: Uint8Array;
  /** Input and output descriptors, opened and closed by the main thread (descriptors are process-wide). */
  fd: number;
  outFd: number;
}

/** Chunks from `first`: `length` bytes read at `from` in the input, the result written at `to`. */
export interface RangeOrder {
  first: number;
  from: number;
  length: number;
  to: number;
  final: boolean;
}

export class RangeCrypt {
  private input = Buffer.allocUnsafeSlow(0);
  private count = 0;

  constructor(private readonly files: RangeFiles) {}

  /** Runs one range into `slot`; returns how many bytes of it hold the result. */
  run(r: RangeOrder, slot: ArrayBuffer): number {
    const { kind, key, fd, outFd } = this.files;
    if (this.input.length < r.length) this.input = Buffer.allocUnsafeSlow(r.length);
    for (let got = 0; got < r.length; ) {
      const n = readSync(fd, this.input, got, r.length - got, r.from + got);
      if (!n) throw new SealBroken('the file ended early (it changed while being read)');
      got += n;
    }
    const out = Buffer.from(slot);
    let used = 0;
    (kind === 'seal' ? sealRange : openRange)(key, this.input.subarray(0, r.length), r.first, r.final, (piece) => {
      piece.copy(out, used);
      used += piece.length;
    });
    for (let off = 0; off < used; ) off += writeSync(outFd, out, off, used - off, r.to + off);
    if (++this.count % 3 === 0) releaseDeadBuffers();
    return used;
  }
}
