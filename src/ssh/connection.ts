/**
 * plat's SSH client (ssh2): one connection opened with public-key auth and a host key checked
 * against an OpenSSH known_hosts file, then reused for many `exec`s and for SFTP. Reconnecting
 * after a drop is the caller's decision (`closed` tells it).
 */
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { ConfigError } from '../errors/index.js';
import { realClock, type Clock } from '../lab/clock.js';
import { SshAuthFailed, SshHostKeyChanged, SshHostKeyRevoked, SshHostKeyUnknown, SshUnreachable, connectErrorFor } from './errors.js';
import { fingerprintSha256, knownHostsLine, knownHostsName, sshKeyType } from './host-key.js';
import { loadIdentity } from './identity.js';
import { checkHostKey, parseKnownHosts, preferredHostKeyAlgorithms } from './known-hosts.js';
import { runExec, type ExecOptions, type SshExecResult } from './exec.js';

export interface OpenSshOptions {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  identityFile: string;
  passphrase?: string;
  knownHostsFile: string;
  /** Connect + handshake + authentication. Default 10 s. */
  timeoutMs?: number;
  /** Default timeout of each exec. Default 30 s. */
  execTimeoutMs?: number;
  /** Look the host key up under this name instead of `host`/`[host]:port` (OpenSSH HostKeyAlias). */
  hostAlias?: string;
  /** SSH-level keepalive so a dead router is noticed on a long-lived connection. Default 15 s; 0 disables. */
  keepaliveIntervalMs?: number;
  clock?: Clock;
}

export interface SshConnection {
  /** `host:port`, for messages. */
  readonly target: string;
  /** SHA256 fingerprint of the verified host key. */
  readonly hostKeyFingerprint: string;
  /** True once the connection has dropped or been closed; open a new one to go on. */
  readonly closed: boolean;
  exec(command: string, opts?: ExecOptions): Promise<SshExecResult>;
  sftp(): Promise<SFTPWrapper>;
  close(): Promise<void>;
}

export async function openSsh(o: OpenSshOptions): Promise<SshConnection> {
  const port = o.port ?? 22;
  const target = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  const clock = o.clock ?? realClock;
  const privateKey = await loadIdentity(o.identityFile, o.passphrase);
  const entries = parseKnownHosts(readKnownHosts(o.knownHostsFile));
  const name = knownHostsName(o.host, port, o.hostAlias);

  const client = new ssh2.Client();
  let hostKeyError: Error | undefined;
  let fingerprint = '';
  const hostVerifier = (key: Buffer): boolean => {
    const fp = fingerprintSha256(key);
    const verdict = checkHostKey(entries, name, key);
    if (verdict.kind === 'trusted') {
      fingerprint = fp;
      return true;
    }
    const type = sshKeyType(key);
    if (verdict.kind === 'unknown') hostKeyError = new SshHostKeyUnknown(target, type, fp, knownHostsLine(name, key), o.knownHostsFile);
    else if (verdict.kind === 'revoked') hostKeyError = new SshHostKeyRevoked(target, fp, `${o.knownHostsFile}:${verdict.entry.line}`);
    else {
      const expected = verdict.expected.map((e) => fingerprintSha256(e.key));
      const where = verdict.expected.map((e) => `${o.knownHostsFile}:${e.line}`);
      hostKeyError = new SshHostKeyChanged(target, expected, where, fp, type, name, o.knownHostsFile);
    }
    return false;
  };

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      client.removeListener('ready', onReady);
      if (err) {
        client.removeAllListeners('error');
        client.on('error', () => {}); // late socket errors after we gave up must not crash the process
        client.destroy();
        reject(err);
      } else resolve();
    };
    const timer = clock.setTimeout(() => finish(new SshUnreachable(target, 'timeout', `no SSH session within ${o.timeoutMs ?? 10_000} ms`)), o.timeoutMs ?? 10_000);
    const onReady = () => finish();
    client.once('ready', onReady);
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (hostKeyError) finish(hostKeyError);
      else if (err.level === 'client-authentication') finish(new SshAuthFailed(target, o.username, o.identityFile, { cause: err }));
      else finish(connectErrorFor(target, err));
    });
    client.once('close', () => finish(hostKeyError ?? new SshUnreachable(target, 'closed', 'the host closed the connection during the handshake')));
    client.connect({
      host: o.host,
      port,
      username: o.username,
      privateKey,
      ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}),
      readyTimeout: 0, // our own timer above, driven by the injectable clock
      hostVerifier,
      algorithms: { serverHostKey: preferredHostKeyAlgorithms(entries, name) as ssh2.ServerHostKeyAlgorithm[] },
      authHandler: ['publickey'], // never fall back to passwords, agents or keyboard-interactive
      keepaliveInterval: o.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
    });
    // Request/response over small packets (auth, channel opens, exec requests): without this,
    // Nagle holds a request back until the previous one is acknowledged.
    client.setNoDelay(true);
  });

  let closed = false;
  client.on('error', () => {}); // reported through 'close' and failing execs
  client.on('close', () => {
    closed = true;
  });
  return {
    target,
    hostKeyFingerprint: fingerprint,
    get closed() {
      return closed;
    },
    exec(command, opts = {}) {
      if (closed) return Promise.reject(new SshUnreachable(target, 'closed', `connection is closed; cannot run ${command}`));
      return runExec(client, command, { target, clock, timeoutMs: opts.timeoutMs ?? o.execTimeoutMs ?? 30_000, signal: opts.signal, endInput: opts.endInput });
    },
    sftp() {
      if (closed) return Promise.reject(new SshUnreachable(target, 'closed', 'connection is closed; cannot start SFTP'));
      return new Promise((resolve, reject) =>
        client.sftp((err, sftp) => (err ? reject(new SshUnreachable(target, 'protocol', `SFTP subsystem refused: ${err.message}`, { cause: err })) : resolve(sftp))),
      );
    },
    close() {
      if (closed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        client.once('close', () => resolve());
        client.end();
      });
    },
  };
}

/** Read at once, as the identity is (small files, once per connect): node:fs/promises would be one more module to load. */
function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    // A missing file is an empty one (ssh behaves the same): every host is then unknown.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new ConfigError(`known_hosts file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
