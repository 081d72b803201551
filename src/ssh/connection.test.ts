/**
 * openSsh against a small ssh2 server built here, for what the lab router never does: hang, drop
 * the connection mid-command, die on a signal, stay silent during the handshake.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { ManualClock } from '../lab/clock.js';
import { openSsh, type OpenSshOptions } from './connection.js';
import { SshUnreachable } from './errors.js';
import { knownHostsLine, knownHostsName } from './host-key.js';
import { generateEd25519KeyPair } from './keygen.js';

interface TestServer {
  port: number;
  hostLine: string;
  /** Resolves with each exec command as the server receives it. */
  nextExec(): Promise<string>;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const hostKey = generateEd25519KeyPair().private;
  const waiting: Array<(c: string) => void> = [];
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const ssh = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => (ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey'])));
    client.on('ready', () =>
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          sftp.on('REALPATH', (id: number) => sftp.name(id, [{ filename: '/srv/backups', longname: '', attrs: {} as ssh2.Attributes }]));
        });
        session.on('exec', (acceptExec, _r, info) => {
          const stream = acceptExec();
          const waiter = waiting.shift();
          if (waiter) waiter(info.command);
          else seen.push(info.command);
          if (info.command === 'echo ok') {
            stream.write('ok\n');
            stream.exit(0);
            stream.end();
          } else if (info.command === 'die') {
            stream.exit('KILL', false, '');
            stream.end();
          } else if (info.command === 'drop') {
            for (const s of sockets) s.destroy();
          } // 'hang': never answers
        });
      }),
    );
  });
  const tcp = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    ssh.injectSocket(s);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const port = (tcp.address() as { port: number }).port;
  const blob = ssh2.utils.parseKey(hostKey) as ssh2.ParsedKey;
  return {
    port,
    hostLine: knownHostsLine(knownHostsName('127.0.0.1', port), blob.getPublicSSH()),
    nextExec: () => (seen.length > 0 ? Promise.resolve(seen.shift()!) : new Promise((r) => waiting.push(r))),
    close: () =>
      new Promise<void>((r) => {
        tcp.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}

let dir: string;
let server: TestServer;
let options: OpenSshOptions;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  server = await startServer();
  const id = generateEd25519KeyPair();
  writeFileSync(join(dir, 'id'), id.private, { mode: 0o600 });
  writeFileSync(join(dir, 'known_hosts'), `${server.hostLine}\n`);
  options = { host: '127.0.0.1', port: server.port, username: 'plat', identityFile: join(dir, 'id'), knownHostsFile: join(dir, 'known_hosts') };
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exec on a long-lived connection', () => {
  it('times out a hanging command on the injected clock, and the connection stays usable', async () => {
    const clock = new ManualClock();
    const conn = await openSsh({ ...options, clock });
    try {
      const hanging = conn.exec('hang', { timeoutMs: 5000 });
      expect(await server.nextExec()).toBe('hang');
      clock.advance(5000);
      await expect(hanging).rejects.toMatchObject({ name: 'SshUnreachable', reason: 'timeout', message: `SSH to 127.0.0.1:${server.port}: hang did not finish within 5000 ms` });
      expect(await conn.exec('echo ok')).toEqual({ stdout: 'ok\n', stderr: '', code: 0 });
    } finally {
      await conn.close();
    }
  });

  it('stops on abort with the signal’s reason', async () => {
    const conn = await openSsh(options);
    try {
      const ac = new AbortController();
      const hanging = conn.exec('hang', { signal: ac.signal });
      await server.nextExec();
      ac.abort(new Error('dashboard closed'));
      await expect(hanging).rejects.toThrow('dashboard closed');
      await expect(conn.exec('echo ok', { signal: ac.signal })).rejects.toThrow('dashboard closed');
    } finally {
      await conn.close();
    }
  });

  it('reports a process killed by a signal', async () => {
    const conn = await openSsh(options);
    try {
      expect(await conn.exec('die')).toEqual({ stdout: '', stderr: '', code: null, signal: 'SIGKILL' });
    } finally {
      await conn.close();
    }
  });

  it('fails a command whose connection drops under it, then refuses new ones', async () => {
    const conn = await openSsh(options);
    await expect(conn.exec('drop')).rejects.toMatchObject({ name: 'SshUnreachable', reason: 'closed' });
    await expect(conn.exec('echo ok')).rejects.toBeInstanceOf(SshUnreachable);
    expect(conn.closed).toBe(true);
    await conn.close(); // closing a dropped connection is fine
  });
});

describe('sftp', () => {
  it('opens an SFTP session on the same connection', async () => {
    const conn = await openSsh(options);
    try {
      const sftp = await conn.sftp();
      const path = await new Promise<string>((res, rej) => sftp.realpath('.', (err, p) => (err ? rej(err) : res(p))));
      expect(path).toBe('/srv/backups');
      expect((await conn.exec('echo ok')).code).toBe(0);
    } finally {
      await conn.close();
    }
  });
});

describe('connecting', () => {
  let silent: TcpServer | undefined;
  afterEach(() => silent?.close());

  it('gives up on a host that never speaks SSH, on the injected clock', async () => {
    const sockets: Socket[] = [];
    let accepted!: () => void;
    const gotConnection = new Promise<void>((r) => (accepted = r));
    silent = createServer((s) => {
      sockets.push(s);
      accepted();
    });
    await new Promise<void>((r) => silent!.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const clock = new ManualClock();
    const opening = openSsh({ ...options, port, clock, timeoutMs: 8000 });
    await gotConnection;
    clock.advance(8000);
    await expect(opening).rejects.toMatchObject({ name: 'SshUnreachable', reason: 'timeout', message: `SSH to 127.0.0.1:${port}: no SSH session within 8000 ms` });
    for (const s of sockets) s.destroy();
  });

  it('names host:port when the name does not resolve', async () => {
    await expect(openSsh({ ...options, host: 'plat-router.invalid', port: 2222, timeoutMs: 20_000 })).rejects.toMatchObject({
      name: 'SshUnreachable',
      reason: 'dns',
      message: expect.stringMatching(/^SSH to plat-router\.invalid:2222: cannot resolve the host name \(E[A-Z_]+\)$/),
    });
  });
});

describe('identity files', () => {
  const configError = async (o: Partial<OpenSshOptions>) => {
    const e: unknown = await openSsh({ ...options, ...o }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  };

  it('refuses a missing file, a readable-by-others key, a public key', async () => {
    expect(await configError({ identityFile: join(dir, 'nope') })).toBe(`identity file ${join(dir, 'nope')} cannot be read (ENOENT)`);
    chmodSync(join(dir, 'id'), 0o644);
    expect(await configError({})).toContain('has permissions 0644');
    writeFileSync(join(dir, 'pub'), generateEd25519KeyPair().public, { mode: 0o600 });
    expect(await configError({ identityFile: join(dir, 'pub') })).toContain('holds a public key');
  });

  it('opens an encrypted key with its passphrase and never echoes the passphrase', async () => {
    const enc = generateEd25519KeyPair({ passphrase: 's3cret-pass', rounds: 2 });
    writeFileSync(join(dir, 'enc'), enc.private, { mode: 0o600 });
    const missing = await configError({ identityFile: join(dir, 'enc') });
    expect(missing).toContain('is encrypted and no passphrase was given');
    const wrong = await configError({ identityFile: join(dir, 'enc'), passphrase: 'wrong-pass' });
    expect(wrong).not.toContain('wrong-pass');
    const conn = await openSsh({ ...options, identityFile: join(dir, 'enc'), passphrase: 's3cret-pass' });
    expect((await conn.exec('echo ok')).stdout).toBe('ok\n');
    await conn.close();
  });
});
