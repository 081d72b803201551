/**
 * The lab router stand-in and plat's SSH client, over real ssh2 on 127.0.0.1: host-key checks,
 * authentication, both flavors through routerSessions, and a model change seen on a reused
 * connection. Real OpenSSH tools (ssh, ssh-keygen) cross-check the stand-in and known_hosts.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Unreachable } from '../../src/errors/index.js';
import {
  createRouterModel,
  startRouterStandIn,
  type FixedRouterModel,
  type RouterNeighbor,
  type RouterStandIn,
} from '../../src/lab/router/index.js';
import { RouterCommandFailed, RouterSource, routerSessions, type BgpSession, type RouterFlavor } from '../../src/network/index.js';
import {
  SshAuthFailed,
  SshHostKeyChanged,
  SshHostKeyRevoked,
  SshHostKeyUnknown,
  SshUnreachable,
  generateEd25519KeyPair,
  openSsh,
  type OpenSshOptions,
  type SshConnection,
} from '../../src/ssh/index.js';
import { requireBinaries } from '../support/real.js';

const run = promisify(execFile);
const now = Date.parse('2026-11-27T12:00:00Z');

function neighbor(ip: string, remoteAs: number, over: Partial<RouterNeighbor> = {}): RouterNeighbor {
  return {
    peerAddress: ip,
    remoteAs,
    localAs: 64501,
    state: 'Established',
    stateSinceMs: now - 3_723_000,
    prefixesReceived: 2,
    prefixesSent: 0,
    msgRcvd: 128,
    msgSent: 126,
    holdTime: 90,
    keepalive: 30,
    connectionsEstablished: 1,
    connectionsDropped: 0,
    ...over,
  };
}

// The platform of DESIGN.md: infra-01..03 (AS 64512) and apps-01..03 (AS 64513) peer with 10.25.11.1.
const platformModel = (): FixedRouterModel =>
  createRouterModel({
    routerId: '10.25.11.1',
    localAs: 64501,
    hostname: 'router',
    now: () => now,
    neighbors: [
      neighbor('10.25.11.11', 64512, { hostname: 'infra-01', description: 'infra-01' }),
      neighbor('10.25.11.12', 64512, { hostname: 'infra-02' }),
      neighbor('10.25.11.13', 64512, { hostname: 'infra-03', stateSinceMs: now - 177_119_000 }),
      neighbor('10.25.11.14', 64513, { hostname: 'apps-01' }),
      neighbor('10.25.11.15', 64513, { state: 'Active', stateSinceMs: now - 14_000, connectionsEstablished: 0, msgRcvd: 0, msgSent: 0, prefixesReceived: 0 }),
      neighbor('10.25.11.16', 64513, { hostname: 'apps-03', state: 'Idle', stateSinceMs: now - 60_000, connectionsDropped: 1, prefixesReceived: 0 }),
    ],
  });

/** What routerSessions must report for the model; FRR cannot date a never-up peer, gobgp can. */
function expectedSessions(model: FixedRouterModel, flavor: RouterFlavor) {
  return model.neighbors().map((n) => {
    const up = n.state === 'Established';
    const downKnown = !up && (flavor === 'gobgp' || n.connectionsEstablished > 0);
    return {
      peerAddress: n.peerAddress,
      state: n.state,
      remoteAs: n.remoteAs,
      localAs: n.localAs,
      establishedSinceMs: up ? n.stateSinceMs : undefined,
      downSinceMs: downKnown ? n.stateSinceMs : undefined,
      prefixesReceived: up ? n.prefixesReceived : 0,
    };
  });
}

const summary = (sessions: BgpSession[]) =>
  sessions.map((s) => ({
    peerAddress: s.peerAddress,
    state: s.state,
    remoteAs: s.remoteAs,
    localAs: s.localAs,
    establishedSinceMs: s.establishedSinceMs,
    downSinceMs: s.downSinceMs,
    prefixesReceived: s.prefixesReceived,
  }));

let dir: string;
let model: FixedRouterModel;
let identity: { private: string; public: string };
const started: RouterStandIn[] = [];
const opened: SshConnection[] = [];

async function standIn(flavor: RouterFlavor = 'frr', extra: { user?: string } = {}): Promise<RouterStandIn> {
  const r = await startRouterStandIn({ model, authorizedKeys: [identity.public], flavor, ...extra });
  started.push(r);
  return r;
}

function options(r: RouterStandIn, knownHosts: string, over: Partial<OpenSshOptions> = {}): OpenSshOptions {
  const knownHostsFile = join(dir, `known_hosts-${r.port}`);
  writeFileSync(knownHostsFile, knownHosts);
  return { host: r.host, port: r.port, username: 'plat', identityFile: join(dir, 'id_ed25519'), knownHostsFile, timeoutMs: 10_000, ...over };
}

async function connect(o: OpenSshOptions): Promise<SshConnection> {
  const c = await openSsh(o);
  opened.push(c);
  return c;
}

async function refusal(o: OpenSshOptions): Promise<Error> {
  const e: unknown = await openSsh(o).then(
    (c) => {
      opened.push(c);
      return new Error('connected although it should have refused');
    },
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error('expected an Error');
  return e;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  model = platformModel();
  identity = generateEd25519KeyPair();
  writeFileSync(join(dir, 'id_ed25519'), identity.private, { mode: 0o600 });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await Promise.all(started.splice(0).map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('routerSessions through the stand-in', () => {
  it.each(['frr', 'gobgp'] as const)('%s flavor: reports exactly the model’s neighbors and states', async (flavor) => {
    const r = await standIn(flavor);
    const conn = await connect(options(r, `${r.knownHostsLine()}\n`));
    expect(conn.hostKeyFingerprint).toBe(r.fingerprint);
    const sessions = await routerSessions(conn, flavor, { now: () => now });
    expect(summary(sessions)).toEqual(expectedSessions(model, flavor));
    expect(sessions.every((s) => s.source === 'router')).toBe(true);
    expect(sessions.find((s) => s.peerAddress === '10.25.11.11')?.description).toBe('infra-01');
  });

  it('a router source closed during its handshake closes what it opened and opens nothing after (a quit must not hang on it)', async () => {
    const r = await standIn();
    const o = options(r, r.knownHostsLine());
    const source = new RouterSource({ host: r.host, port: r.port, user: 'plat', identityFile: o.identityFile, knownHosts: o.knownHostsFile, flavor: 'frr' } as never);
    const reading = source.read();
    await source.close(); // while the first read is still connecting
    const first = await reading;
    expect(first.error?.kind).toBe('Interrupted');
    expect(source.opened).toBe(1);
    const again = await source.read();
    expect(again.error?.kind).toBe('Interrupted');
    expect(source.opened).toBe(1);
    const toRouter = (process as unknown as { _getActiveHandles(): { remotePort?: number; destroyed?: boolean }[] })._getActiveHandles().filter((h) => h.remotePort === r.port && !h.destroyed);
    expect(toRouter).toEqual([]);
  });

  it('sees a neighbor going Active on the next exec over the same connection', async () => {
    const r = await standIn('frr');
    const conn = await connect(options(r, `${r.knownHostsLine()}\n`));
    const before = await routerSessions(conn, 'frr', { now: () => now });
    expect(before.find((s) => s.peerAddress === '10.25.11.12')?.state).toBe('Established');

    model.update('10.25.11.12', { state: 'Active', stateSinceMs: now - 5000, connectionsDropped: 1 });
    const after = await routerSessions(conn, 'frr', { now: () => now });
    expect(after.find((s) => s.peerAddress === '10.25.11.12')).toMatchObject({ state: 'Active', downSinceMs: now - 5000, prefixesReceived: 0 });
    expect(summary(after)).toEqual(expectedSessions(model, 'frr'));
    expect(conn.closed).toBe(false);
  });

  it('runs several commands at once on one connection', async () => {
    const r = await standIn('frr');
    const conn = await connect(options(r, `${r.knownHostsLine()}\n`));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => routerSessions(conn, 'frr', { now: () => now })));
    for (const s of results) expect(s).toHaveLength(6);
  });

  it('turns a command the router lacks into RouterCommandFailed, and the connection stays usable', async () => {
    const r = await standIn('frr');
    const conn = await connect(options(r, `${r.knownHostsLine()}\n`));
    const e: unknown = await routerSessions(conn, 'gobgp').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(RouterCommandFailed);
    expect((e as RouterCommandFailed).code).toBe(127);
    expect((e as Error).message).toBe(`router 127.0.0.1:${r.port}: gobgp neighbor -j exited 127: "bash: gobgp: command not found"`);
    expect((e as RouterCommandFailed).hint).toContain("set its flavor to 'frr'");
    expect(await routerSessions(conn, 'frr')).toHaveLength(6);
    // The router offers no SFTP subsystem: a typed refusal, the connection still fine.
    await expect(conn.sftp()).rejects.toMatchObject({ name: 'SshUnreachable', reason: 'protocol' });
    expect(await routerSessions(conn, 'frr')).toHaveLength(6);
  });

  it('fails the connection cleanly when the router goes away', async () => {
    const r = await standIn('frr');
    const conn = await connect(options(r, `${r.knownHostsLine()}\n`));
    await r.close();
    await expect(routerSessions(conn, 'frr')).rejects.toBeInstanceOf(SshUnreachable);
  });
});

describe('host key verification', () => {
  it('refuses an unknown host, showing the fingerprint and the exact line to add — which then works', async () => {
    const r = await standIn();
    const o = options(r, '# nothing yet\n');
    const e = await refusal(o);
    expect(e).toBeInstanceOf(SshHostKeyUnknown);
    expect(e).toBeInstanceOf(Unreachable);
    expect(e.message).toContain(`127.0.0.1:${r.port}`);
    expect(e.message).toContain(`ED25519 key fingerprint ${r.fingerprint}`);
    expect(e.message).toContain(`add this line to ${o.knownHostsFile}: ${r.knownHostsLine()}`);
    expect((e as SshHostKeyUnknown).knownHostsLine).toBe(r.knownHostsLine());
    // Lines 3-5 of an OpenSSH private key file carry the private bytes; none may leak.
    for (const secret of identity.private.split('\n').slice(2, 5)) expect(e.message).not.toContain(secret);
    expect(e.message).not.toContain('PRIVATE KEY');

    writeFileSync(o.knownHostsFile, `# nothing yet\n${(e as SshHostKeyUnknown).knownHostsLine}\n`);
    expect(await routerSessions(await connect(o), 'frr')).toHaveLength(6);
  });

  it('serves a given PEM host key (RSA) and verifies it', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const r = await startRouterStandIn({ model, authorizedKeys: [identity.public], hostKey: pem });
    started.push(r);
    expect(r.knownHostsLine()).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${r.port} ssh-rsa AAAA`));
    const conn = await connect(options(r, `${r.knownHostsLine()}\n`));
    expect(conn.hostKeyFingerprint).toBe(r.fingerprint);
  });

  it('treats a missing known_hosts file as empty', async () => {
    const r = await standIn();
    const e = await refusal({ ...options(r, ''), knownHostsFile: join(dir, 'does-not-exist') });
    expect(e).toBeInstanceOf(SshHostKeyUnknown);
  });

  it('refuses a changed key, naming the expected and the received fingerprints', async () => {
    const r = await standIn();
    const impostor = await standIn(); // another host key; its line is what we "knew"
    const knownLine = impostor.knownHostsLine().replace(`:${impostor.port} `, `:${r.port} `);
    const o = options(r, `${knownLine}\n`);
    const e = await refusal(o);
    expect(e).toBeInstanceOf(SshHostKeyChanged);
    expect(e.message).toContain('possible man-in-the-middle');
    expect(e.message).toContain(`expects ${impostor.fingerprint} (${o.knownHostsFile}:1)`);
    expect(e.message).toContain(`presented ED25519 ${r.fingerprint}`);
    expect((e as SshHostKeyChanged).expected).toEqual([impostor.fingerprint]);
  });

  it('refuses a key marked @revoked', async () => {
    const r = await standIn();
    const e = await refusal(options(r, `${r.knownHostsLine()}\n@revoked * ${r.hostPublicKey}\n`));
    expect(e).toBeInstanceOf(SshHostKeyRevoked);
    expect(e.message).toContain(r.fingerprint);
  });

  it('accepts a HostKeyAlias entry and a hashed entry written by ssh-keygen -H', async () => {
    const r = await standIn();
    const viaAlias = await connect(options(r, `${r.knownHostsLine('core-router')}\n`, { hostAlias: 'core-router' }));
    expect(viaAlias.hostKeyFingerprint).toBe(r.fingerprint);

    const bins = requireBinaries(['ssh-keygen'], 'hashed known_hosts written by OpenSSH');
    if (!bins) return;
    const o = options(r, `${r.knownHostsLine()}\n`);
    await run(bins['ssh-keygen']!, ['-H', '-f', o.knownHostsFile]);
    const conn = await connect(o);
    expect(conn.hostKeyFingerprint).toBe(r.fingerprint);
  });
});

describe('authentication and reachability', () => {
  it('refuses an identity that is not authorized', async () => {
    const r = await standIn();
    writeFileSync(join(dir, 'other'), generateEd25519KeyPair().private, { mode: 0o600 });
    const e = await refusal(options(r, `${r.knownHostsLine()}\n`, { identityFile: join(dir, 'other') }));
    expect(e).toBeInstanceOf(SshAuthFailed);
    expect(e.message).toBe(`SSH to 127.0.0.1:${r.port}: public-key authentication as "plat" with ${join(dir, 'other')} was refused`);
  });

  it('refuses the right key for the wrong user', async () => {
    const r = await standIn('frr', { user: 'frr' });
    expect(await refusal(options(r, `${r.knownHostsLine()}\n`))).toBeInstanceOf(SshAuthFailed);
    expect(await connect(options(r, `${r.knownHostsLine()}\n`, { username: 'frr' }))).toBeDefined();
  });

  it('reports a closed port as Unreachable naming host:port', async () => {
    const probe = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((res) => probe.close(() => res()));
    const r = await standIn();
    const e = await refusal({ ...options(r, `${r.knownHostsLine()}\n`), port });
    expect(e).toBeInstanceOf(Unreachable);
    expect(e).toMatchObject({ reason: 'refused', message: `SSH to 127.0.0.1:${port}: connection refused (nothing listens on that port?)` });
  });
});

describe('the stand-in with the real OpenSSH client', () => {
  it('answers vtysh for ssh(1) with StrictHostKeyChecking, and its fingerprint is what ssh-keygen prints', async () => {
    const bins = requireBinaries(['ssh', 'ssh-keygen'], 'OpenSSH client against the router stand-in');
    if (!bins) return;
    const r = await standIn('frr');
    const kh = join(dir, 'openssh_known_hosts');
    writeFileSync(kh, `${r.knownHostsLine()}\n`);
    const sshArgs = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${kh}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-i', join(dir, 'id_ed25519'), '-p', String(r.port), 'plat@127.0.0.1'];
    const { stdout } = await run(bins.ssh!, [...sshArgs, "vtysh -c 'show bgp summary json'"]);
    expect(Object.keys((JSON.parse(stdout) as { ipv4Unicast: { peers: object } }).ipv4Unicast.peers)).toHaveLength(6);
    const notFound = await run(bins.ssh!, [...sshArgs, 'gobgp neighbor -j']).catch((e: { code: number; stderr: string }) => e);
    expect(notFound).toMatchObject({ code: 127, stderr: 'bash: gobgp: command not found\n' });

    writeFileSync(join(dir, 'host.pub'), `${r.hostPublicKey}\n`);
    const { stdout: fp } = await run(bins['ssh-keygen']!, ['-lf', join(dir, 'host.pub')]);
    expect(fp.split(' ')[1]).toBe(r.fingerprint);
  });
});
