/**
 * OpenSSH known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), parsed and matched without I/O.
 *
 * Supported: comma-separated host patterns with `*`/`?` and `!` negation, `[host]:port`, hashed
 * names (`|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, HashKnownHosts), several keys per host,
 * comments and blank lines, `@revoked`. `@cert-authority` lines are recognised and ignored: plat
 * does not accept host certificates. Malformed lines are skipped, as ssh does.
 */
import { createHmac } from 'node:crypto';
import { sshKeyType } from './host-key.js';

export interface KnownHostEntry {
  /** 1-based line number, for messages like `known_hosts:3`. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written (a pattern list or one hashed name). */
  hosts: string;
  keyType: string;
  /** Public key blob (wire format). */
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      if (fields[0] === '@revoked') marker = 'revoked';
      else if (fields[0] === '@cert-authority') marker = 'cert-authority';
      else return;
      fields.shift();
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    // The type inside the blob must agree with the type field, or the line is corrupt.
    if (sshKeyType(key) !== keyType) return;
    entries.push({ line: i + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  });
  return entries;
}

/** Does this entry's host field cover `name` (already in known_hosts form, e.g. `[10.0.0.1]:2222`)? */
export function hostMatches(entry: KnownHostEntry, name: string): boolean {
  const host = name.toLowerCase();
  if (entry.hosts.startsWith('|1|')) {
    const [, , salt, hash] = entry.hosts.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(host).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const pattern of entry.hosts.toLowerCase().split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, host)) continue;
    if (negated) return false; // a matching negation wins over any positive match (match.c)
    matched = true;
  }
  return matched;
}

function globMatches(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

export type HostKeyVerdict =
  | { kind: 'trusted'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry }
  | { kind: 'changed'; expected: KnownHostEntry[] }
  | { kind: 'unknown' };

/** OpenSSH's decision for a presented host key: revoked beats trusted; any other known key means changed. */
export function checkHostKey(entries: KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && hostMatches(e, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { kind: 'revoked', entry: revoked };
  const known = forHost.filter((e) => e.marker === undefined);
  const same = known.find((e) => e.key.equals(key));
  if (same) return { kind: 'trusted', entry: same };
  return known.length > 0 ? { kind: 'changed', expected: known } : { kind: 'unknown' };
}

// ssh2 1.x's default host key algorithm order (lib/protocol/constants.js).
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Ask the server first for key types we already know for this host, as OpenSSH does
 * (order_hostkeyalgs): a server with ed25519 and RSA keys, known to us by its RSA key, must not be
 * reported as "changed" just because ed25519 was negotiated.
 */
export function preferredHostKeyAlgorithms(entries: KnownHostEntry[], name: string): string[] {
  const knownTypes = new Set(
    entries.filter((e) => e.marker === undefined && hostMatches(e, name)).map((e) => e.keyType),
  );
  const algoType = (a: string) => (a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a);
  const first = DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => knownTypes.has(algoType(a)));
  return [...first, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}
