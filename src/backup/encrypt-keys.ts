/**
 * The keys of an age file. The header — the file key wrapped to each X25519 recipient, the
 * header MAC — comes from `age-encryption` (typage, loaded lazily: it is ESM, and only the
 * encryption worker needs it); the bulk payload goes through encrypt-stream.ts. The file key is taken through the
 * package's public `Recipient` interface (an extra recipient that adds no stanza sees the key
 * every recipient wraps); on the way back `Decrypter.decryptHeader` — the package's hook for
 * "delegated decryption" — returns it. Payload key = HKDF-SHA256(file key, salt = the 16-byte
 * nonce after the header, info "payload"), as the age spec says.
 */
import { hkdfSync } from 'node:crypto';
import { ActionFailed, ConfigError } from '../errors/index.js';
import { readAgeHeader, NONCE_BYTES } from './encrypt-header.js';

type AgeModule = typeof import('age-encryption');
let ageModule: Promise<AgeModule> | undefined;
const loadAge = () => (ageModule ??= import('age-encryption'));

const payloadKey = (fileKey: Uint8Array, nonce: Uint8Array) => Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));

export interface SealingStart {
  /** Header + nonce: the first bytes of the file. */
  prefix: Buffer;
  /** The STREAM payload key (see encrypt-stream.ts). */
  key: Buffer;
}

/** Start an age file for these recipients (`age1…`). */
export async function startSealing(recipients: readonly string[]): Promise<SealingStart> {
  if (!recipients.length) throw new ConfigError('age encryption needs at least one recipient (backup.encryption.recipients in plat.yaml)');
  const age = await loadAge();
  const e = new age.Encrypter();
  for (const r of recipients) {
    try {
      e.addRecipient(r);
    } catch (err) {
      throw new ConfigError(`${r} is not an age recipient plat can encrypt to (${(err as Error).message})`);
    }
  }
  let fileKey: Uint8Array | undefined;
  e.addRecipient({ wrapFileKey: (k: Uint8Array) => ((fileKey = k.slice()), []) });
  // encrypting nothing gives header ‖ nonce ‖ the 16-byte tag of the one (empty, final) chunk
  const empty = await e.encrypt(new Uint8Array(0));
  if (!fileKey) throw new Error('age-encryption did not hand the file key to the recipients');
  const prefix = Buffer.from(empty.subarray(0, empty.length - 16));
  const nonce = prefix.subarray(prefix.length - NONCE_BYTES);
  return { prefix, key: payloadKey(fileKey, nonce) };
}

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

