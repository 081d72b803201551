/**
 * The SFTP session and pipelined transfers against a small in-memory ssh2 SFTP server, for what
 * a real OpenSSH server will not do on demand: hold acknowledgements back (proving requests are
 * pipelined), fail one write, answer reads short, lack posix-rename, drop the connection. The
 * real sshd paths are in test/integration/backup-offsite.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSsh, type SshConnection } from './connection.js';
import { knownHostsLine, knownHostsName } from './host-key.js';
import { generateEd25519KeyPair } from './keygen.js';
import { openSftp, SftpError, type SftpSession } from './sftp-session.js';
import { putFromFile, readRemoteFile } from './sftp-transfer.js';

const { STATUS_CODE } = ssh2.utils.sftp;

interface Behaviour {
  /** Acknowledge the first writes only once this many are outstanding (a client waiting for each ack would hang). */
  holdFirstWrites?: number;
  failWriteAt?: number;
  maxRead?: number;
  dropOnFirstWrite?: boolean;
}

let dir: string;
let files: Map<string, Buffer>;
let behaviour: Behaviour;
let sockets: Set<Socket>;
let closeServer: () => Promise<void>;
let conn: SshConnection;
let s: SftpSession;

function sftpServer(sftp: ssh2.SFTPWrapper): void {
  const handles = new Map<number, string>();
  let next = 0;
  let writes = 0;
  const held: (() => void)[] = [];
  const path = (h: Buffer) => handles.get(h.readUInt32BE(0))!;
  sftp.on('OPEN', (id: number, filename: string, flags: number) => {
    if (flags & ssh2.utils.sftp.OPEN_MODE.CREAT) files.set(filename, Buffer.alloc(0));
    if (!files.has(filename)) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    const h = Buffer.alloc(4);
    h.writeUInt32BE(++next);
    handles.set(next, filename);
    sftp.handle(id, h);
  });
  sftp.on('WRITE', (id: number, h: Buffer, offset: number, data: Buffer) => {
    if (behaviour.dropOnFirstWrite) return void [...sockets].forEach((x) => x.destroy());
    if (behaviour.failWriteAt !== undefined && offset >= behaviour.failWriteAt) return sftp.status(id, STATUS_CODE.FAILURE);
    const f = files.get(path(h))!;
    const grown = Buffer.alloc(Math.max(f.length, offset + data.length));
    f.copy(grown);
    data.copy(grown, offset);
    files.set(path(h), grown);
    if (writes++ >= (behaviour.holdFirstWrites ?? 0)) return sftp.status(id, STATUS_CODE.OK);
    held.push(() => sftp.status(id, STATUS_CODE.OK));
    if (held.length === behaviour.holdFirstWrites) held.splice(0).forEach((ack) => ack());
  });
  sftp.on('READ', (id: number, h: Buffer, offset: number, length: number) => {
    const f = files.get(path(h))!;
    if (offset >= f.length) return sftp.status(id, STATUS_CODE.EOF);
    sftp.data(id, f.subarray(offset, offset + Math.min(length, behaviour.maxRead ?? length)));
  });
  sftp.on('FSTAT', (id: number, h: Buffer) => sftp.attrs(id, { mode: 0o100600, uid: 0, gid: 0, size: files.get(path(h))!.length, atime: 0, mtime: 0 }));
  sftp.on('CLOSE', (id: number) => sftp.status(id, STATUS_CODE.OK));
  sftp.on('STAT', (id: number, p: string) => {
    const f = files.get(p);
    if (!f) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    sftp.attrs(id, { mode: 0o100600, uid: 0, gid: 0, size: f.length, atime: 0, mtime: 0 });
  });
  sftp.on('REMOVE', (id: number, p: string) => sftp.status(id, files.delete(p) ? STATUS_CODE.OK : STATUS_CODE.NO_SUCH_FILE));
  sftp.on('RENAME', (id: number, from: string, to: string) => {
    if (!files.has(from)) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    if (files.has(to)) return sftp.status(id, STATUS_CODE.FAILURE); // SFTP v3: an existing target is an error
    files.set(to, files.get(from)!);
    files.delete(from);
    sftp.status(id, STATUS_CODE.OK);
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  files = new Map();
  behaviour = {};
  sockets = new Set();
  const hostKey = generateEd25519KeyPair().private;
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => (ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey'])));
    client.on('ready', () => client.on('session', (accept) => accept().on('sftp', (acceptSftp) => sftpServer(acceptSftp()))));
  });
  const tcp = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    server.injectSocket(sock);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const port = (tcp.address() as { port: number }).port;
  closeServer = () => new Promise<void>((r) => (tcp.close(() => r()), sockets.forEach((x) => x.destroy())));
  const id = generateEd25519KeyPair();
  writeFileSync(join(dir, 'id'), id.private, { mode: 0o600 });
  writeFileSync(join(dir, 'known_hosts'), `${knownHostsLine(knownHostsName('127.0.0.1', port), (ssh2.utils.parseKey(hostKey) as ssh2.ParsedKey).getPublicSSH())}\n`);
  conn = await openSsh({ host: '127.0.0.1', port, username: 'plat', identityFile: join(dir, 'id'), knownHostsFile: join(dir, 'known_hosts') });
  s = await openSftp(conn);
});

afterEach(async () => {
  await conn.close();
  await closeServer();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(data: Buffer, onData?: (c: Uint8Array) => void): Promise<number> {
  writeFileSync(join(dir, 'src'), data);
  const src = await open(join(dir, 'src'));
  const h = await s.open('/up', 'wx');
  try {
    return await putFromFile(s, h, '/up', src, { depth: 8, ...(onData ? { onData } : {}) });
  } finally {
    await s.close(h, '/up').catch(() => undefined);
    await src.close();
  }
}

describe('pipelined SFTP transfers', () => {
  it('keeps several writes in flight (a server that acks the first 4 only together still gets the file), every byte in place and hashed in order', async () => {
    behaviour.holdFirstWrites = 4;
    const data = randomBytes(3 * 1024 * 1024 + 999);
    const hash = createHash('sha256');
    expect(await upload(data, (c) => hash.update(c))).toBe(data.length);
    expect(files.get('/up')!.equals(data)).toBe(true);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    expect(s.maxWriteBytes).toBeLessThan(64 * 1024); // not OpenSSH: ssh2's conservative request size
  });

  it('a write the server refuses fails the upload with the path', async () => {
    behaviour.failWriteAt = 1024 * 1024;
    const err = await upload(randomBytes(2 * 1024 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SftpError);
    expect(err).toMatchObject({ status: 'failure', message: `SFTP ${conn.target}: cannot write /up: the server reported a failure` });
  });

  it('the connection dropping mid-upload rejects instead of hanging', async () => {
    behaviour.dropOnFirstWrite = true;
    await expect(upload(randomBytes(1024 * 1024))).rejects.toMatchObject({ status: 'connection-lost' });
  });

  it('reads answered short are completed and handed on in order', async () => {
    behaviour.maxRead = 1000;
    const data = randomBytes(300_000);
    files.set('/f', data);
    const parts: Buffer[] = [];
    expect(await readRemoteFile(s, '/f', (c) => parts.push(Buffer.from(c)), { chunkBytes: 64 * 1024, depth: 4 })).toBe(data.length);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('rename never replaces; replace without posix-rename@openssh.com removes the target first', async () => {
    expect(s.extensions.has('posix-rename@openssh.com')).toBe(false);
    files.set('/new', Buffer.from('new'));
    files.set('/old', Buffer.from('old'));
    await expect(s.rename('/new', '/old')).rejects.toMatchObject({ status: 'failure' });
    await s.replace('/new', '/old');
    expect([...files.keys()]).toEqual(['/old']);
    expect(files.get('/old')!.toString()).toBe('new');
    expect(await s.stat('/missing')).toBeUndefined();
  });
});
