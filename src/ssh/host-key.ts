/**
 * Pure helpers for SSH public host keys in wire format (RFC 4253 §6.6 "string key-type, …"):
 * OpenSSH-style SHA256 fingerprints, key type names and known_hosts lines.
 */
import { createHash } from 'node:crypto';

/** The key type string that opens a wire-format key blob (`ssh-ed25519`, `ssh-rsa`, …). */
export function sshKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/** `SHA256:<base64 without padding>`, exactly as `ssh-keygen -lf` and `ssh` print it. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The label OpenSSH uses in "ED25519 key fingerprint is …". */
export function keyTypeLabel(type: string | undefined): string {
  if (type === undefined) return 'unknown';
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (type === 'ssh-rsa' || type.startsWith('rsa-sha2-')) return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  return type;
}

/**
 * The name a host is looked up under in known_hosts: OpenSSH writes `host` for port 22 and
 * `[host]:port` otherwise; with HostKeyAlias the alias replaces both (no port is added).
 */
export function knownHostsName(host: string, port: number, hostAlias?: string): string {
  if (hostAlias) return hostAlias.toLowerCase();
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** A line to append to known_hosts for this key: `[127.0.0.1]:2222 ssh-ed25519 AAAA…`. */
export function knownHostsLine(name: string, blob: Buffer): string {
  return `${name} ${sshKeyType(blob) ?? 'unknown'} ${blob.toString('base64')}`;
}
