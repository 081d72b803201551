/**
 * Why an SSH connection could not be used. All are `Unreachable` (exit 1) so a caller that only
 * cares "is the router there?" can treat them alike; each names host:port and never carries key
 * material or passphrases (a host's PUBLIC key appears only as the known_hosts line to add).
 */
import { Unreachable } from '../errors/index.js';
import { keyTypeLabel } from './host-key.js';

export type SshFailure = 'refused' | 'timeout' | 'dns' | 'network' | 'closed' | 'protocol';

export class SshUnreachable extends Unreachable {
  readonly target: string;
  readonly reason: SshFailure;
  constructor(target: string, reason: SshFailure, detail: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(`SSH to ${target}: ${detail}`, opts);
    this.target = target;
    this.reason = reason;
  }
}

export class SshAuthFailed extends Unreachable {
  readonly target: string;
  constructor(target: string, username: string, identityFile: string, opts: { cause?: unknown } = {}) {
    super(`SSH to ${target}: public-key authentication as "${username}" with ${identityFile} was refused`, {
      hint: `add the public half of ${identityFile} to ~${username}/.ssh/authorized_keys on ${target}, or fix the user name`,
      ...opts,
    });
    this.target = target;
  }
}

export class SshHostKeyUnknown extends Unreachable {
  readonly target: string;
  readonly fingerprint: string;
  /** The exact line to append to known_hosts once the fingerprint has been checked. */
  readonly knownHostsLine: string;
  constructor(target: string, keyType: string | undefined, fingerprint: string, knownHostsLine: string, knownHostsFile: string) {
    super(
      `SSH to ${target}: host key is not in ${knownHostsFile} (${keyTypeLabel(keyType)} key fingerprint ${fingerprint}); ` +
        `refusing to connect. After checking that fingerprint on the host itself, add this line to ${knownHostsFile}: ${knownHostsLine}`,
      { hint: `on the host, \`ssh-keygen -lf /etc/ssh/ssh_host_${keyTypeLabel(keyType).toLowerCase()}_key.pub\` prints the fingerprint to compare` },
    );
    this.target = target;
    this.fingerprint = fingerprint;
    this.knownHostsLine = knownHostsLine;
  }
}

export class SshHostKeyChanged extends Unreachable {
  readonly target: string;
  readonly expected: string[];
  readonly received: string;
  constructor(target: string, expected: string[], where: string[], received: string, keyType: string | undefined, knownHostsName: string, knownHostsFile: string) {
    super(
      `SSH to ${target}: HOST KEY HAS CHANGED — possible man-in-the-middle attack. ${knownHostsFile} expects ` +
        `${expected.join(' or ')} (${where.join(', ')}) but the host presented ${keyTypeLabel(keyType)} ${received}; refusing to connect`,
      {
        hint: `only if the host's key really changed: ssh-keygen -R '${knownHostsName}' -f ${knownHostsFile}, then connect again to see the new line`,
      },
    );
    this.target = target;
    this.expected = expected;
    this.received = received;
  }
}

export class SshHostKeyRevoked extends Unreachable {
  readonly target: string;
  readonly fingerprint: string;
  constructor(target: string, fingerprint: string, where: string) {
    super(`SSH to ${target}: host key ${fingerprint} is marked @revoked (${where}); refusing to connect`);
    this.target = target;
    this.fingerprint = fingerprint;
  }
}

/** Map an ssh2 client error (with its `level` and socket `code`) to a typed error. */
export function connectErrorFor(target: string, err: Error & { level?: string; code?: string }): SshUnreachable {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return new SshUnreachable(target, 'refused', 'connection refused (nothing listens on that port?)', { cause: err });
  if (err.level === 'client-dns' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new SshUnreachable(target, 'dns', `cannot resolve the host name (${code || 'DNS lookup failed'})`, { cause: err });
  }
  if (err.level === 'client-timeout' || code === 'ETIMEDOUT') return new SshUnreachable(target, 'timeout', 'timed out', { cause: err });
  if (code === 'ECONNRESET' || code === 'EPIPE') return new SshUnreachable(target, 'closed', 'connection reset by the host', { cause: err });
  if (err.level === 'client-socket') return new SshUnreachable(target, 'network', `network error (${code || err.message})`, { cause: err });
  return new SshUnreachable(target, 'protocol', `SSH handshake failed: ${err.message}`, { cause: err });
}
