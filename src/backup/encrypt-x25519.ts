/**
 * The start of an age v1 file for X25519 recipients, made with node:crypto (age-encryption.org/v1):
 * a random 16-byte file key; per recipient an ephemeral X25519 share E, wrap key =
 * HKDF-SHA256(X25519(e, R), salt = E ‖ R, info "age-encryption.org/v1/X25519"), stanza body =
 * ChaCha20-Poly1305(wrap key, zero nonce, file key); the header MAC = HMAC-SHA256 keyed with
 * HKDF(file key, no salt, "header") over the header up to and including `---`; then a 16-byte
 * nonce. Why not `age-encryption` here: loading its pure-JS modules took 0.2–0.3 s of every
 * sealFile on this machine (the `age` CLI encrypts 256 MiB in ≈0.4 s), while these few
 * operations are in OpenSSL already. Opening stays with age-encryption (encrypt-keys.ts).
 */
import { createCipheriv, createHmac, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/index.js';
import { AGE_MAGIC, NONCE_BYTES } from './encrypt-header.js';

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const X25519_INFO = 'age-encryption.org/v1/X25519';

const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
/** age writes base64 without padding (RFC 4648 §3.2), standard alphabet. */
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');

function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i]!;
  }
  return chk >>> 0;
}

/** The 32-byte public key in an `age1…` recipient (Bech32, BIP 173 checksum), or a ConfigError naming it. */
export function x25519Recipient(recipient: string): Uint8Array {
  const bad = (why: string) => new ConfigError(`${recipient} is not an age recipient plat can encrypt to (${why})`);
  const s = recipient.toLowerCase();
  if (s !== recipient && recipient.toUpperCase() !== recipient) throw bad('mixed case');
  if (!s.startsWith('age1')) throw bad('an X25519 recipient starts with age1');
  const data = [...s.slice(4)].map((c) => BECH32.indexOf(c));
  if (data.length < 6 || data.includes(-1)) throw bad('not Bech32');
  const hrp = [...'age'].map((c) => c.charCodeAt(0));
  if (polymod([...hrp.map((c) => c >> 5), 0, ...hrp.map((c) => c & 31), ...data]) !== 1) throw bad('its checksum is wrong: a typo?');
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const v of data.slice(0, -6)) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) bytes.push((acc >> (bits -= 8)) & 0xff);
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0 || bytes.length !== 32) throw bad('not a 32-byte X25519 key');
  return Uint8Array.from(bytes);
}

const rawPublic = (k: KeyObject) => Buffer.from(k.export({ format: 'jwk' }).x!, 'base64url');

function stanza(fileKey: Uint8Array, recipient: string): string {
  const theirs = x25519Recipient(recipient);
  const their = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(theirs).toString('base64url') }, format: 'jwk' });
  const eph = generateKeyPairSync('x25519');
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: eph.privateKey, publicKey: their });
  } catch {
    // OpenSSL refuses an all-zero shared secret (a low-order point), as age requires
    throw new ConfigError(`${recipient} is not an age recipient plat can encrypt to (a low-order X25519 point)`);
  }
  const share = rawPublic(eph.publicKey);
  const wrap = createCipheriv('chacha20-poly1305', hkdf(shared, Buffer.concat([share, theirs]), X25519_INFO), Buffer.alloc(12), { authTagLength: 16 });
  const body = Buffer.concat([wrap.update(fileKey), wrap.final(), wrap.getAuthTag()]);
  // a 32-byte body is 43 base64 characters: one line, shorter than age's 64-column lines
  return `-> X25519 ${b64(share)}\n${b64(body)}\n`;
}

export interface SealingStart {
  /** Header + nonce: the first bytes of the file. */
  prefix: Buffer;
  /** The STREAM payload key (see encrypt-stream.ts). */
  key: Buffer;
}

/** Start an age file for these X25519 recipients (`age1…`). */
export function startSealing(recipients: readonly string[]): SealingStart {
  if (!recipients.length) throw new ConfigError('age encryption needs at least one recipient (backup.encryption.recipients in plat.yaml)');
  const fileKey = randomBytes(16);
  const upToMac = `${AGE_MAGIC}${recipients.map((r) => stanza(fileKey, r)).join('')}---`;
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(upToMac, 'latin1').digest();
  const nonce = randomBytes(NONCE_BYTES);
  return { prefix: Buffer.concat([Buffer.from(`${upToMac} ${b64(mac)}\n`, 'latin1'), nonce]), key: hkdf(fileKey, nonce, 'payload') };
}
