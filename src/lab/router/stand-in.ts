/**
 * The lab's router: an ssh2 Server on 127.0.0.1 with its own host key, public-key auth only,
 * answering exec requests with vtysh / gobgp output built from the twin's BGP state.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { UserError } from '../../errors/index.js';
import { fingerprintSha256, generateEd25519KeyPair, knownHostsLine, knownHostsName } from '../../ssh/index.js';
import { answerRouterCommand, type CommandAnswer, type RouterFlavor } from './router-commands.js';
import type { RouterModel } from './types.js';

export interface RouterStandInOptions {
  model: RouterModel;
  /** OpenSSH public key lines (`ssh-ed25519 AAAA… comment`) allowed to log in. */
  authorizedKeys: string[];
  /** Only this user name may log in; any name when unset. */
  user?: string;
  /** PEM or OpenSSH private host key; an ed25519 key is generated when absent. */
  hostKey?: string | Buffer;
  /** Which BGP daemon the router runs; the other one's CLI is "command not found". Default frr. */
  flavor?: RouterFlavor;
}

export interface RouterStandIn {
  host: '127.0.0.1';
  port: number;
  flavor: RouterFlavor;
  /** The host's public key as an OpenSSH line (`ssh-ed25519 AAAA…`). */
  hostPublicKey: string;
  /** `SHA256:…`, as ssh-keygen -lf prints it. */
  fingerprint: string;
  /** `[127.0.0.1]:<port> ssh-ed25519 AAAA…`, or `<alias> …` for a HostKeyAlias. */
  knownHostsLine(hostAlias?: string): string;
  close(): Promise<void>;
}

function parseOne(data: string | Buffer, what: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(data);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) throw new UserError(`router stand-in: ${what} is not a key ssh2 can read`);
  return key;
}

export async function startRouterStandIn(o: RouterStandInOptions): Promise<RouterStandIn> {
  const flavor = o.flavor ?? 'frr';
  const hostKeyData = o.hostKey ?? generateEd25519KeyPair({ comment: 'lab-router' }).private;
  const hostKey = parseOne(hostKeyData, 'the host key');
  if (!hostKey.isPrivateKey()) throw new UserError('router stand-in: the host key must be a private key');
  const hostBlob = hostKey.getPublicSSH();
  const allowed = o.authorizedKeys
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l, i) => {
      const key = parseOne(l, `authorized key #${i + 1}`);
      return { key, blob: key.getPublicSSH() };
    });

  const ssh = new ssh2.Server({ hostKeys: [hostKeyData] }, (client) => {
    client.on('error', () => {}); // a client dropping mid-handshake (e.g. refusing our host key) is normal
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const entry = allowed.find((a) => a.blob.length === ctx.key.data.length && timingSafeEqual(a.blob, ctx.key.data));
      const userOk = o.user === undefined || ctx.username === o.user;
      if (!entry || !userOk) return ctx.reject(['publickey']);
      // Without a signature the client only asks whether this key would do (RFC 4252 §7, PK_OK).
      if (!ctx.signature) return ctx.accept();
      if (!ctx.blob || entry.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const stream = accept();
          const r = answer(o.model, flavor, info.command);
          if (r.stdout) stream.write(r.stdout);
          if (r.stderr) stream.stderr.write(r.stderr);
          stream.exit(r.code);
          stream.end();
        });
        session.on('pty', (_a, reject) => reject?.());
        session.on('shell', (_a, reject) => reject());
        session.on('subsystem', (_a, reject) => reject());
      });
    });
  });

  // Own TCP listener so close() can destroy every socket instead of waiting for clients to leave.
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    // ssh2 writes a reply as several small packets (CHANNEL_SUCCESS, then the output, exit status,
    // EOF); with Nagle on, each one after the first waits for the client's delayed ACK (≈ 40 ms
    // here per exchange). A router answering in one process step must not add that stall.
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(0, '127.0.0.1', () => resolve());
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const type = hostKey.type;

  return {
    host: '127.0.0.1',
    port,
    flavor,
    hostPublicKey: `${type} ${hostBlob.toString('base64')}`,
    fingerprint: fingerprintSha256(hostBlob),
    knownHostsLine: (hostAlias) => knownHostsLine(knownHostsName('127.0.0.1', port, hostAlias), hostBlob),
    close: () =>
      new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function answer(model: RouterModel, flavor: RouterFlavor, command: string): CommandAnswer {
  try {
    return answerRouterCommand(model, flavor, command);
  } catch (e) {
    // A twin bug must show up as a failed command, not kill the lab.
    return { stdout: '', stderr: `lab router: ${e instanceof Error ? e.message : String(e)}\n`, code: 1 };
  }
}
