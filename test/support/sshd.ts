/**
 * A real OpenSSH `sshd` for tests: listens on 127.0.0.1 on a free port, has its own host key, its
 * own temp dir and config, serves SFTP with `internal-sftp`, and lets in two users with one
 * authorized key: root (shell commands allowed, so `sha256sum` over exec works) and `nobody`
 * (`ForceCommand internal-sftp`: SFTP only, every exec answered by the SFTP server — the shape of
 * a locked-down backup account). `nobody` is also how a test gets a directory it cannot write:
 * root ignores permission bits.
 *
 * `killSessions()` ends every connection the hard way: it SIGKILLs the per-connection sshd
 * processes (the listener's children, found by parent pid in /proc, and their own children), as
 * a dropped link or a crashed server would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/lab/index.js';
import { generateEd25519KeyPair } from '../../src/ssh/index.js';
import { inCI, requireBinaries } from './real.js';
import { until } from './until.js';

export interface RealSshd {
  host: string;
  port: number;
  /** The sshd's own temp dir (config, keys, logs); traversable by `nobody`. */
  dir: string;
  /** A private key both users accept (mode 0600). */
  identityFile: string;
  /** known_hosts holding this server's real host key. */
  knownHostsFile: string;
  /** known_hosts that lists a DIFFERENT key for this host:port (a changed host key). */
  changedKnownHostsFile: string;
  /** `SHA256:…` of the real host key, as ssh-keygen -lf prints it. */
  hostKeyFingerprint: string;
  /** uid/gid of `nobody`, for chown-ing directories it may write. */
  nobody: { uid: number; gid: number };
  /** The per-connection sshd processes (the listener's descendants). */
  sessionPids(): number[];
  /** SIGKILL every per-connection process and wait until they are gone; returns how many. */
  killSessions(): Promise<number>;
  stop(): Promise<void>;
}

/** sshd and ssh-keygen, and root (sshd's privilege separation); undefined = skip (locally only). */
export function requireSshd(why: string): Record<string, string> | undefined {
  const bins = requireBinaries(['sshd', 'ssh-keygen'], why);
  if (!bins) return undefined;
  if (process.getuid?.() !== 0) {
    if (inCI()) throw new Error(`CI must run the real sshd as root (privilege separation) — ${why}`);
    console.warn(`SKIP ${why}: a real sshd needs root`);
    return undefined;
  }
  return bins;
}

function passwdEntry(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no ${user} user in /etc/passwd`);
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      /* the process ended while we looked */
    }
  }
  return out;
}

function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  for (const c of childrenOf(pid)) out.push(c, ...descendantsOf(c));
  return out;
}

const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};


const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

export async function startSshd(bins: Record<string, string>): Promise<RealSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'plat-sshd-'));
  chmodSync(dir, 0o755); // nobody's session must reach the authorized_keys file and its dirs
  // OpenSSH's privilege separation directory; Debian's service unit creates it, containers lack it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const keygen = bins['ssh-keygen']!;
  execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'host_ed25519')]);
  execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'other_host_ed25519')]);
  const hostKeyFingerprint = execFileSync(keygen, ['-lf', join(dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]!;
  const identity = generateEd25519KeyPair();
  const identityFile = join(dir, 'id_ed25519');
  writeFileSync(identityFile, identity.private, { mode: 0o600 });
  writeFileSync(join(dir, 'authorized_keys'), `${identity.public}\n`, { mode: 0o644 });
  const port = await freePort('127.0.0.1');
  const knownHostsFile = join(dir, 'known_hosts');
  const changedKnownHostsFile = join(dir, 'known_hosts.changed');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim()}\n`);
  writeFileSync(changedKnownHostsFile, `[127.0.0.1]:${port} ${readFileSync(join(dir, 'other_host_ed25519.pub'), 'utf8').trim()}\n`);
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_ed25519')}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'StrictModes no', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', 'AllowUsers root nobody', 'MaxStartups 100',
      'Subsystem sftp internal-sftp',
      'Match User nobody', '  ForceCommand internal-sftp', '',
    ].join('\n'),
  );
  const log = openSync(join(dir, 'sshd.log'), 'a');
  const proc: ChildProcess = spawn(bins['sshd']!, ['-D', '-e', '-f', config], { stdio: ['ignore', log, log] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await until('sshd to listen', async () => {
    if (proc.exitCode !== null) throw new Error(`sshd exited (${proc.exitCode}): ${readFileSync(join(dir, 'sshd.log'), 'utf8').slice(-500)}`);
    return listening(port);
  }, 15_000, 20);
  const pid = proc.pid!;
  return {
    host: '127.0.0.1', port, dir, identityFile, knownHostsFile, changedKnownHostsFile, hostKeyFingerprint,
    nobody: passwdEntry('nobody'),
    sessionPids: () => descendantsOf(pid),
    async killSessions() {
      const pids = descendantsOf(pid);
      for (const p of pids) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await until('the killed sshd sessions to end', () => pids.every((p) => !alive(p)), 15_000, 20);
      return pids.length;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        for (const p of descendantsOf(pid)) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
