/**
 * The age v1 header (age-encryption.org/v1): a version line, one stanza per recipient
 * (`-> X25519 <ephemeral share>` + a wrapped file key), then `--- <MAC>`; a 16-byte nonce follows,
 * then the STREAM payload. Reading the header's shape needs no key, so a stored backup can be
 * checked for damage (recipients, sizes) on a host that only holds the public recipients. Pure.
 */
import { openedSize } from './encrypt-stream.js';

export const AGE_MAGIC = 'age-encryption.org/v1\n';
export const NONCE_BYTES = 16;
/** age's ASCII armor (`age -a`); plat writes and reads the binary form only. */
export const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

export interface AgeHeaderShape {
  /** Bytes up to and including the MAC line's newline. */
  headerBytes: number;
  /** Stanza types in order (`X25519`, `scrypt`, …). */
  stanzas: string[];
}

export type AgeHeaderRead = { ok: true; header: AgeHeaderShape } | { ok: false; problem: string; needMore?: boolean };

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Find the header in the first bytes of a file; `needMore` when the MAC line has not appeared yet. */
export function readAgeHeader(head: Uint8Array): AgeHeaderRead {
  const text = latin1(head);
  if (text.startsWith(ARMOR_BEGIN)) return { ok: false, problem: 'is ASCII-armored (age -a); plat reads binary age files: de-armor it with `age -d` or re-encrypt without -a' };
  if (!text.startsWith(AGE_MAGIC)) {
    if (AGE_MAGIC.startsWith(text)) return { ok: false, problem: 'is too short to be an age file', needMore: true };
    return { ok: false, problem: 'is not an age file (no age-encryption.org/v1 header)' };
  }
  const mac = text.indexOf('\n--- ', AGE_MAGIC.length - 1);
  const end = mac < 0 ? -1 : text.indexOf('\n', mac + 1);
  if (end < 0) return { ok: false, problem: 'has an age header that does not end (truncated?)', needMore: true };
  const stanzas = text
    .slice(AGE_MAGIC.length, mac + 1)
    .split('\n')
    .filter((l) => l.startsWith('-> '))
    .map((l) => l.slice(3).split(' ')[0] ?? '');
  if (!stanzas.length) return { ok: false, problem: 'has an age header without recipients' };
  return { ok: true, header: { headerBytes: end + 1, stanzas } };
}

/** Problems with a sealed file's total size given its header (a truncated payload shows here). */
export function sealedSizeProblem(totalBytes: number, headerBytes: number): string | undefined {
  const payload = totalBytes - headerBytes - NONCE_BYTES;
  if (payload < 0 || openedSize(payload) === undefined) return `the encrypted payload size (${Math.max(0, payload)} bytes) is impossible for age: the file is truncated`;
  return undefined;
}
