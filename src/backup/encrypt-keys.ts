/**
 * The keys of an age file. Sealing makes its header with node:crypto (encrypt-x25519.ts). Opening
 * reads the header with `age-encryption` (typage, loaded lazily: it is ESM, and only the
 * encryption worker needs it), whose `Decrypter.decryptHeader` — the package's hook for
 * "delegated decryption" — returns the file key, for identities of every kind it knows (X25519,
 * the post-quantum hybrid). Payload key = HKDF-SHA256(file key, salt = the 16-byte nonce after
 * the header, info "payload"), as the age spec says; the payload goes through encrypt-stream.ts.
 */
import { hkdfSync } from 'node:crypto';
import { ActionFailed, ConfigError } from '../errors/index.js';
import { readAgeHeader, NONCE_BYTES } from './encrypt-header.js';

type AgeModule = typeof import('age-encryption');
let ageModule: Promise<AgeModule> | undefined;
const loadAge = () => (ageModule ??= import('age-encryption'));

const payloadKey = (fileKey: Uint8Array, nonce: Uint8Array) => Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));

export { startSealing, type SealingStart } from './encrypt-x25519.js';

/** Why an age file could not be opened; never carries key material. */
export class AgeOpenFailed extends ActionFailed {}

/** The payload key for a file that starts with `head` (header + nonce, at least), or a clear error. */
export async function openingKey(head: Uint8Array, identities: readonly string[], what: string): Promise<{ key: Buffer; payloadOffset: number }> {
  const h = readAgeHeader(head);
  if (!h.ok) throw new AgeOpenFailed(`${what} ${h.problem}`);
  const offset = h.header.headerBytes + NONCE_BYTES;
  if (head.length < offset) throw new AgeOpenFailed(`${what} is truncated inside its age header`);
  const age = await loadAge();
  const d = new age.Decrypter();
  for (const id of identities) {
    try {
      d.addIdentity(id);
    } catch {
      throw new ConfigError('an identity in the identity file is malformed (its checksum or encoding is wrong)');
    }
  }
  let fileKey: Uint8Array;
  try {
    fileKey = await d.decryptHeader(head.subarray(0, h.header.headerBytes));
  } catch (e) {
    const m = (e as Error).message ?? '';
    if (/no identity matched/.test(m)) {
      throw new AgeOpenFailed(`${what} was not encrypted to the given identity (recipients in the file: ${h.header.stanzas.join(', ')})`, { hint: 'use the identity whose public key (age1…) is in backup.encryption.recipients' });
    }
    if (/HMAC/.test(m)) throw new AgeOpenFailed(`${what}: the age header does not authenticate (damaged or tampered with)`);
    throw new AgeOpenFailed(`${what}: the age header cannot be read (damaged?)`);
  }
  return { key: payloadKey(fileKey, head.subarray(h.header.headerBytes, offset)), payloadOffset: offset };
}

