import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK, openedSize, openRange, RANGE_CHUNKS, SEALED_CHUNK, SealBroken, sealedSize, sealRange } from './encrypt-stream.js';

const key = randomBytes(32);

/** Seal `plain` as ranges of `per` chunks, the way encrypt-job.ts hands them out (in any order). */
function seal(plain: Buffer, per = RANGE_CHUNKS, reverse = false): Buffer {
  const span = per * CHUNK;
  const count = Math.max(1, Math.ceil(plain.length / span));
  const parts: Buffer[] = [];
  const order = [...Array(count).keys()];
  for (const i of reverse ? order.reverse() : order) {
    const pieces: Buffer[] = [];
    sealRange(key, plain.subarray(i * span, (i + 1) * span), i * per, i === count - 1, (p) => pieces.push(Buffer.from(p)));
    parts[i] = Buffer.concat(pieces);
  }
  return Buffer.concat(parts);
}

function open(sealed: Buffer, per = RANGE_CHUNKS): Buffer {
  const span = per * SEALED_CHUNK;
  const count = Math.max(1, Math.ceil(sealed.length / span));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) openRange(key, sealed.subarray(i * span, (i + 1) * span), i * per, i === count - 1, (p) => out.push(Buffer.from(p)));
  return Buffer.concat(out);
}

describe('age STREAM payload in ranges of chunks', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, RANGE_CHUNKS * CHUNK, RANGE_CHUNKS * CHUNK + 5, 2_500_001])('round-trips %i bytes, ranges sealed in any order', (n) => {
    const plain = randomBytes(n);
    const sealed = seal(plain);
    expect(sealed.length).toBe(sealedSize(n));
    expect(openedSize(sealed.length)).toBe(n);
    expect(seal(plain, RANGE_CHUNKS, true).equals(sealed)).toBe(true);
    expect(open(sealed).equals(plain)).toBe(true);
  });

  it('the range size does not change the bytes: one range or many give the same file', () => {
    const plain = randomBytes(5 * CHUNK + 77);
    const one = seal(plain, 1000);
    expect(seal(plain, 1).equals(one)).toBe(true);
    expect(seal(plain, 2, true).equals(one)).toBe(true);
    expect(open(one, 3).equals(plain)).toBe(true);
  });

  it('a full last chunk carries the last flag (no empty chunk after it), as age requires', () => {
    expect(seal(randomBytes(2 * CHUNK)).length).toBe(2 * SEALED_CHUNK);
  });

  it('refuses a payload cut at a chunk boundary, inside a chunk, or with a flipped byte', () => {
    const sealed = seal(randomBytes(3 * CHUNK + 500));
    expect(() => open(sealed.subarray(0, 2 * SEALED_CHUNK))).toThrow(SealBroken);
    expect(() => open(sealed.subarray(0, sealed.length - 1))).toThrow(/truncated or damaged/);
    const flipped = Buffer.from(sealed);
    flipped[SEALED_CHUNK + 10]! ^= 1;
    expect(() => open(flipped)).toThrow(/chunk 2 of the encrypted payload is damaged/);
    expect(() => open(Buffer.alloc(0))).toThrow(/truncated/);
    // an empty final chunk after full ones is what a cut at a chunk boundary plus a forged tag would look like
    expect(() => openRange(key, Buffer.alloc(16), 1, true, () => undefined)).toThrow(SealBroken);
  });

  it('only the final range may end in a partial chunk', () => {
    expect(() => sealRange(key, randomBytes(CHUNK + 1), 0, false, () => undefined)).toThrow(/only the final range/);
    expect(() => openRange(key, randomBytes(SEALED_CHUNK + 17), 0, false, () => undefined)).toThrow(/truncated/);
  });

  it('openedSize rejects sizes no plaintext produces', () => {
    expect(openedSize(15)).toBeUndefined();
    expect(openedSize(16)).toBe(0);
    expect(openedSize(SEALED_CHUNK + 16)).toBeUndefined(); // an empty chunk after a full one
    expect(openedSize(SEALED_CHUNK + 17)).toBe(CHUNK + 1);
  });
});
