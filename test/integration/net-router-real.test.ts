/**
 * plat's router source against REAL peers: OpenSSH `sshd` on 127.0.0.1 (own host key, authorized
 * key, temp config) in front of FRR `bgpd -Z` and, for the GoBGP flavor, a `gobgpd` acting as the
 * router. The nodes are real `gobgpd` speakers on 127.0.0.2 (configured to peer → Established) and
 * 127.0.0.3 (running, but with no neighbor: the router's session to it stays down). The sshd
 * session reaches the daemons through wrapper scripts first on its PATH (sshd SetEnv).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterConfig } from '../../src/config/index.js';
import { RouterSource, type BgpSession, type RouterRead } from '../../src/network/index.js';
import { generateEd25519KeyPair } from '../../src/ssh/index.js';
import { inCI, requireBinaries } from '../support/real.js';
import { freePort } from '../../src/lab/index.js';

const bins = requireBinaries(['sshd', 'ssh-keygen', 'bgpd', 'vtysh', 'gobgpd', 'gobgp'], 'router source over real sshd + FRR + GoBGP');
// sshd needs root for privilege separation (and to log in as root, the only user we have).
const isRoot = process.getuid?.() === 0;
if (bins && !isRoot && inCI()) throw new Error('CI must run the real router peers as root (sshd privilege separation)');
if (bins && !isRoot) console.warn('SKIP router source over real sshd: needs root');
const ready = !!bins && isRoot;

let dir: string;
const procs: ChildProcess[] = [];
const sources: RouterSource[] = [];
let sshPort = 0;
let hostFingerprint = '';
let knownHostsLine = '';


function daemon(name: string, bin: string, args: string[]): ChildProcess {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const p = spawn(bin, args, { stdio: ['ignore', log, log] });
  procs.push(p);
  return p;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  process.kill(p.pid!, 'SIGTERM');
  await gone;
}

/** Poll a condition (no fixed sleeps): BGP timers decide how long establishing takes. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}; logs in ${dir}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

function gobgpConfig(o: { as: number; routerId: string; port: number; address: string; neighbors: Array<{ address: string; as: number; port: number; description?: string }> }): string {
  const lines = ['[global.config]', `  as = ${o.as}`, `  router-id = "${o.routerId}"`, `  port = ${o.port}`, `  local-address-list = ["${o.address}"]`];
  for (const n of o.neighbors) {
    lines.push('[[neighbors]]', '  [neighbors.config]', `    neighbor-address = "${n.address}"`, `    peer-as = ${n.as}`);
    if (n.description) lines.push(`    description = "${n.description}"`);
    lines.push('  [neighbors.transport.config]', `    local-address = "${o.address}"`, `    remote-port = ${n.port}`, '  [neighbors.timers.config]', '    connect-retry = 1', '    hold-time = 90', '    keepalive-interval = 30');
  }
  return `${lines.join('\n')}\n`;
}

function routerConfig(flavor: 'frr' | 'gobgp', over: Partial<RouterConfig> = {}): RouterConfig {
  return { host: '127.0.0.1', port: sshPort, user: 'root', identityFile: join(dir, 'id_ed25519'), knownHosts: join(dir, 'known_hosts'), flavor, asn: 64501, ...over };
}

function source(flavor: 'frr' | 'gobgp', over: Partial<RouterConfig> = {}): RouterSource {
  const s = new RouterSource(routerConfig(flavor, over), { timeoutMs: 10_000, execTimeoutMs: 20_000 });
  sources.push(s);
  return s;
}

const byAddress = (r: RouterRead, ip: string): BgpSession | undefined => r.sessions?.find((s) => s.peerAddress === ip);

async function speaker(name: string, address: string, as: number, neighbors: Array<{ address: string; as: number; port: number }>): Promise<{ proc: ChildProcess; port: number }> {
  const port = await freePort(address);
  const api = await freePort(address);
  writeFileSync(join(dir, `${name}.toml`), gobgpConfig({ as, routerId: address, port, address, neighbors }));
  const proc = daemon(name, bins!['gobgpd']!, ['-f', join(dir, `${name}.toml`), '-t', 'toml', '--api-hosts', `${address}:${api}`, '--pprof-disable', '-l', 'info']);
  return { proc, port };
}

beforeAll(async () => {
  if (!ready) return;
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  // OpenSSH's privilege separation directory; Debian's service unit creates it, containers lack it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const b = bins!;
  execFileSync(b['ssh-keygen']!, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'host_ed25519')]);
  execFileSync(b['ssh-keygen']!, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'other_host_ed25519')]);
  hostFingerprint = execFileSync(b['ssh-keygen']!, ['-lf', join(dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]!;
  const identity = generateEd25519KeyPair();
  writeFileSync(join(dir, 'id_ed25519'), identity.private, { mode: 0o600 });
  writeFileSync(join(dir, 'authorized_keys'), `${identity.public}\n`);
  sshPort = await freePort('127.0.0.1');
  knownHostsLine = `[127.0.0.1]:${sshPort} ${readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim()}`;
  writeFileSync(join(dir, 'known_hosts'), `${knownHostsLine}\n`);

  // The routers: FRR bgpd on 127.0.0.1, and a gobgpd router for the GoBGP flavor.
  const frrPort = await freePort('127.0.0.1');
  const gobgpRouterPort = await freePort('127.0.0.1');
  const gobgpRouterApi = await freePort('127.0.0.1');
  const speakerB = await speaker('speaker-b', '127.0.0.3', 64513, []); // up, but peers with nobody
  const speakerA = await speaker('speaker-a', '127.0.0.2', 64512, [{ address: '127.0.0.1', as: 64501, port: frrPort }]);
  const speakerA2 = await speaker('speaker-a2', '127.0.0.2', 64512, [{ address: '127.0.0.1', as: 64501, port: gobgpRouterPort }]);
  state.speakerA = speakerA.proc;
  state.speakerA2 = speakerA2.proc;

  const frrSock = join(dir, 'frr');
  mkdirSync(frrSock);
  writeFileSync(
    join(dir, 'bgpd.conf'),
    [
      'frr defaults traditional', 'hostname router', '!', 'router bgp 64501', ' bgp router-id 10.25.11.1', ' no bgp ebgp-requires-policy',
      ` neighbor 127.0.0.2 remote-as 64512`, ` neighbor 127.0.0.2 port ${speakerA.port}`, ' neighbor 127.0.0.2 description infra-01',
      ' neighbor 127.0.0.2 update-source 127.0.0.1', ' neighbor 127.0.0.2 timers connect 1',
      ` neighbor 127.0.0.3 remote-as 64513`, ` neighbor 127.0.0.3 port ${speakerB.port}`, ' neighbor 127.0.0.3 timers connect 1', '!', '',
    ].join('\n'),
  );
  daemon('bgpd', b['bgpd']!, ['-Z', '-n', '-S', '-l', '127.0.0.1', '-p', String(frrPort), '-A', '127.0.0.1', '-P', '0', '--vty_socket', frrSock, '-i', join(dir, 'bgpd.pid'), '-f', join(dir, 'bgpd.conf')]);
  writeFileSync(
    join(dir, 'router.toml'),
    gobgpConfig({ as: 64501, routerId: '10.25.11.1', port: gobgpRouterPort, address: '127.0.0.1', neighbors: [{ address: '127.0.0.2', as: 64512, port: speakerA2.port, description: 'infra-01' }, { address: '127.0.0.3', as: 64513, port: speakerB.port }] }),
  );
  daemon('gobgp-router', b['gobgpd']!, ['-f', join(dir, 'router.toml'), '-t', 'toml', '--api-hosts', `127.0.0.1:${gobgpRouterApi}`, '--pprof-disable', '-l', 'info']);

  // What the sshd session finds on PATH: vtysh and gobgp bound to these daemons.
  mkdirSync(join(dir, 'bin'));
  script(join(dir, 'bin', 'vtysh'), `if [ -f ${dir}/vtysh-truncate ]; then ${b['vtysh']} --vty_socket ${frrSock} "$@" | /usr/bin/head -c 150; exit 0; fi\nexec ${b['vtysh']} --vty_socket ${frrSock} "$@"`);
  script(join(dir, 'bin', 'gobgp'), `exec ${b['gobgp']} -u 127.0.0.1 -p ${gobgpRouterApi} "$@"`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${sshPort}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_ed25519')}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'StrictModes no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password', `SetEnv PATH=${join(dir, 'bin')}`, '',
    ].join('\n'),
  );
  daemon('sshd', b['sshd']!, ['-D', '-e', '-f', join(dir, 'sshd_config')]);
  await waitFor('sshd to listen', async () => (existsSync(join(dir, 'sshd.pid')) ? true : undefined));
});

const state: { speakerA?: ChildProcess; speakerA2?: ChildProcess } = {};

afterAll(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
  for (const p of procs.splice(0).reverse()) await stop(p);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ready)('router source over a real sshd', () => {
  it('FRR: exactly one Established (127.0.0.2) and one down (127.0.0.3), then the change when the speaker stops', async () => {
    const src = source('frr');
    const first = await waitFor('FRR to establish with 127.0.0.2', async () => {
      const r = await src.read();
      // Both commands must have seen it up: summary and neighbor details are read side by side.
      const s = byAddress(r, '127.0.0.2');
      return s?.state === 'Established' && s.holdTimeSeconds !== undefined ? r : undefined;
    });
    expect(first.error).toBeUndefined();
    expect(first.sessions!.map((s) => s.peerAddress).sort()).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(byAddress(first, '127.0.0.2')).toMatchObject({ source: 'router', state: 'Established', remoteAs: 64512, localAs: 64501, description: 'infra-01', holdTimeSeconds: 90, keepaliveSeconds: 30, localAddress: '127.0.0.1' });
    expect(byAddress(first, '127.0.0.2')!.establishedSinceMs).toBeLessThanOrEqual(first.at);
    const down = byAddress(first, '127.0.0.3')!;
    expect(['Idle', 'Connect', 'Active']).toContain(down.state);
    expect(down).toMatchObject({ remoteAs: 64513, connectionsEstablished: 0 });

    // Cross-check against vtysh itself, run locally: the same states.
    const raw = JSON.parse(execFileSync(bins!['vtysh']!, ['--vty_socket', join(dir, 'frr'), '-c', 'show bgp summary json'], { encoding: 'utf8' })) as { ipv4Unicast: { peers: Record<string, { state: string }> } };
    expect(raw.ipv4Unicast.peers['127.0.0.2']!.state).toBe('Established');

    await stop(state.speakerA!);
    const after = await waitFor('FRR to notice the stopped speaker', async () => {
      const r = await src.read();
      return byAddress(r, '127.0.0.2') && byAddress(r, '127.0.0.2')!.state !== 'Established' ? r : undefined;
    });
    expect(byAddress(after, '127.0.0.2')).toMatchObject({ connectionsEstablished: 1, connectionsDropped: 1 });
    expect(byAddress(after, '127.0.0.2')!.downSinceMs).toBeLessThanOrEqual(after.at);
    expect(src.opened).toBe(1); // every read went over the same SSH connection
  });

  it('GoBGP as the router flavor: the same two neighbors, then the change', async () => {
    const src = source('gobgp');
    const first = await waitFor('the gobgpd router to establish with 127.0.0.2', async () => {
      const r = await src.read();
      return byAddress(r, '127.0.0.2')?.state === 'Established' ? r : undefined;
    });
    expect(first.sessions!.map((s) => s.peerAddress).sort()).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(byAddress(first, '127.0.0.2')).toMatchObject({ state: 'Established', remoteAs: 64512, localAs: 64501, description: 'infra-01', holdTimeSeconds: 90 });
    expect(byAddress(first, '127.0.0.3')!.state).not.toBe('Established');

    await stop(state.speakerA2!);
    const after = await waitFor('the gobgpd router to notice the stopped speaker', async () => {
      const r = await src.read();
      return byAddress(r, '127.0.0.2') && byAddress(r, '127.0.0.2')!.state !== 'Established' ? r : undefined;
    });
    expect(byAddress(after, '127.0.0.2')!.downSinceMs).toBeDefined();
    expect(src.opened).toBe(1);
  });

  it('host key mismatch and unknown host key: refused, with the fingerprint, as an error of the router source', async () => {
    const other = readFileSync(join(dir, 'other_host_ed25519.pub'), 'utf8').trim();
    writeFileSync(join(dir, 'known_hosts.changed'), `[127.0.0.1]:${sshPort} ${other}\n`);
    const changed = await source('frr', { knownHosts: join(dir, 'known_hosts.changed') }).read();
    expect(changed.sessions).toBeUndefined();
    expect(changed.error?.kind).toBe('SshHostKeyChanged');
    expect(changed.error?.message).toContain(`presented ED25519 ${hostFingerprint}`);
    expect(changed.error?.message).toContain('HOST KEY HAS CHANGED');

    writeFileSync(join(dir, 'known_hosts.empty'), '');
    const unknown = await source('frr', { knownHosts: join(dir, 'known_hosts.empty') }).read();
    expect(unknown.error?.kind).toBe('SshHostKeyUnknown');
    expect(unknown.error?.message).toContain(`fingerprint ${hostFingerprint}`);
    expect(unknown.error?.message).toContain(knownHostsLine);
  });

  it('vtysh missing, truncated output, wrong key, nothing listening: typed errors naming the command or target', async () => {
    const vtysh = join(dir, 'bin', 'vtysh');
    renameSync(vtysh, `${vtysh}.off`);
    try {
      const missing = await source('frr').read();
      expect(missing.error).toMatchObject({ kind: 'RouterCommandFailed' });
      expect(missing.error?.message).toMatch(new RegExp(`^router 127\\.0\\.0\\.1:${sshPort}: vtysh -c 'show bgp summary json' exited 127: .*vtysh: command not found`));
      expect(missing.error?.hint).toContain("set its flavor to 'gobgp'");
    } finally {
      renameSync(`${vtysh}.off`, vtysh);
    }

    writeFileSync(join(dir, 'vtysh-truncate'), '');
    try {
      const cut = await source('frr').read();
      expect(cut.error?.kind).toBe('ParseError');
      expect(cut.error?.message).toMatch(/^vtysh -c 'show bgp summary json': output ends before the JSON does \(truncated\?\)/);
    } finally {
      rmSync(join(dir, 'vtysh-truncate'));
    }

    const stranger = generateEd25519KeyPair();
    writeFileSync(join(dir, 'stranger'), stranger.private, { mode: 0o600 });
    const auth = await source('frr', { identityFile: join(dir, 'stranger') }).read();
    expect(auth.error?.kind).toBe('SshAuthFailed');
    expect(auth.error?.message).not.toContain('PRIVATE KEY');

    const closedPort = await freePort('127.0.0.1');
    const refused = await source('frr', { port: closedPort }).read();
    expect(refused.error).toMatchObject({ kind: 'SshUnreachable' });
    expect(refused.error?.message).toContain(`127.0.0.1:${closedPort}`);
  });
});
