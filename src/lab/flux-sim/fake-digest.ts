/**
 * Deterministic stand-ins for the hashes Flux objects carry (commit SHAs, artifact and OCI
 * digests): derived from names so a scenario looks the same on every run, shaped like the real ones.
 */
/**
 * Hex derived from a seed with a small non-cryptographic generator (FNV-1a seeding a xorshift):
 * only the look and the determinism matter, and the `large` scenario needs tens of thousands.
 */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexOf(seed: string, length: number): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let x = h >>> 0 || 1;
  const parts: string[] = [];
  for (let n = 0; n < length; n += 8) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    parts.push(BYTE_HEX[(x >>> 24) & 255] as string, BYTE_HEX[(x >>> 16) & 255] as string, BYTE_HEX[(x >>> 8) & 255] as string, BYTE_HEX[x & 255] as string);
  }
  return parts.join('').slice(0, length);
}

export const commitSha = (seed: string): string => hexOf(`commit:${seed}`, 40);
export const sha256Digest = (seed: string): string => `sha256:${hexOf(`digest:${seed}`, 64)}`;

/** A stable number in [0, max) for spreading timestamps and sizes. */
export function spread(seed: string, max: number): number {
  return parseInt(hexOf(`spread:${seed}`, 8), 16) % max;
}

/** Go's time.Duration String(): 76.890708ms, 1.412087395s, 5m0.018447902s, 1h0m0s. */
export function goDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const trim = (v: number, digits: number): string => v.toFixed(digits).replace(/\.?0+$/, '');
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3, 3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6, 6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const s = trim((ns % 6e10) / 1e9, 9);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
