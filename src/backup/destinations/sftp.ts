/**
 * A destination on an SFTP server (the backup server, an off-site box), over one SSH connection
 * whose host key is checked against known_hosts. Writes follow restic's SFTP recipe: a temp name
 * opened with O_EXCL, pipelined writes, fsync@openssh.com where offered, a size check, then a
 * plain RENAME — which SFTP v3 (draft-ietf-secsh-filexfer-02 §6.5) and OpenSSH refuse when the
 * target exists, so a final name is never overwritten. The catalog is replaced with
 * posix-rename@openssh.com. The hash of a stored file is taken on the server with `sha256sum`
 * when the account may run commands; an SFTP-only account (ForceCommand internal-sftp), or a
 * server without sha256sum, gets its bytes read back and hashed here instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { posix } from 'node:path';
import { ActionFailed } from '../../errors/index.js';
import type { Clock } from '../../lab/clock.js';
import { openSftp, openSsh, putFromFile, readRemoteFile, SftpError, type SftpSession, type SshConnection } from '../../ssh/index.js';
import { releaseEvery } from './release-buffers.js';
import type { DestinationStore, HashMethod, StoredFile } from './store.js';

/** ssh2 allocates a packet per request and per encrypted SSH packet: free them every 4 MiB (release-buffers.ts). */
const RELEASE_EVERY = 4 * 1024 * 1024;

export interface SftpDestinationOptions {
  name: string;
  host: string;
  port: number;
  user: string;
  identityFile: string;
  knownHostsFile: string;
  dir: string;
  clock?: Clock;
  /** Connect + handshake. Default 15 s. */
  timeoutMs?: number;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Turn an SFTP failure into one line naming the destination, with a hint for the common causes. */
function explain(dest: string, user: string, e: unknown): unknown {
  if (!(e instanceof SftpError)) return e;
  const hint =
    e.status === 'permission-denied'
      ? `the remote directory must be writable by ${user}; check its owner and mode on the server (ls -ld)`
      : e.status === 'connection-lost'
        ? 'the next plat backup run starts this upload again'
        : undefined;
  return new ActionFailed(`${dest}: ${e.message}`, { cause: e, ...(hint ? { hint } : {}) });
}

export async function sftpDestination(o: SftpDestinationOptions): Promise<DestinationStore> {
  const conn: SshConnection = await openSsh({
    host: o.host, port: o.port, username: o.user, identityFile: o.identityFile, knownHostsFile: o.knownHostsFile,
    timeoutMs: o.timeoutMs ?? 15_000, ...(o.clock ? { clock: o.clock } : {}),
  });
  let s: SftpSession;
  try {
    s = await openSftp(conn);
  } catch (e) {
    await conn.close();
    throw e;
  }
  const at = (p: string) => (p ? posix.join(o.dir, p) : o.dir);
  const where = `sftp://${o.user}@${conn.target}/${o.dir.replace(/^\//, '')}`;
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A) => f(...a).catch((e: unknown) => Promise.reject(explain(o.name, o.user, e)));
  /** Whether `sha256sum` ran on this server before; undefined = not tried yet. */
  let remoteHashWorks: boolean | undefined;

  const remoteSha = async (path: string): Promise<string | undefined> => {
    if (remoteHashWorks === false) return undefined;
    const r = await conn.exec(`sha256sum -- ${shellQuote(path)}`, { endInput: true, timeoutMs: 10 * 60_000 }).catch(() => undefined);
    const m = r && r.code === 0 ? /^([0-9a-f]{64})\s/.exec(r.stdout) : null;
    remoteHashWorks = !!m;
    return m?.[1];
  };

  const store: DestinationStore = {
    name: o.name,
    where,
    hostKey: conn.hostKeyFingerprint,
    list: wrap(async (dir: string) => (await s.readdir(at(dir)))?.map((e): StoredFile => ({ name: e.name, size: e.size, isFile: e.isFile }))),
    size: wrap(async (p: string) => {
      const st = await s.stat(at(p));
      return st?.isFile() ? st.size : undefined;
    }),
    mkdirp: wrap((dir: string) => s.mkdirp(at(dir))),
    readText: wrap(async (p: string) => {
      if (!(await s.stat(at(p)))) return undefined;
      const parts: Buffer[] = [];
      await readRemoteFile(s, at(p), (c) => void parts.push(Buffer.from(c)));
      return Buffer.concat(parts).toString('utf8');
    }),
    writeText: wrap(async (p: string, text: string) => {
      const tmp = posix.join(posix.dirname(at(p)), `.${posix.basename(p)}.${randomBytes(4).toString('hex')}.tmp`);
      const data = Buffer.from(text, 'utf8');
      const h = await s.open(tmp, 'wx');
      try {
        for (let off = 0; off < data.length; off += s.maxWriteBytes) {
          const piece = data.subarray(off, off + s.maxWriteBytes);
          await s.write(h, piece, piece.length, off, tmp);
        }
        await s.fsync(h, tmp);
      } finally {
        await s.close(h, tmp);
      }
      try {
        await s.replace(tmp, at(p));
      } catch (e) {
        await s.unlink(tmp).catch(() => undefined);
        throw e;
      }
    }),
    createExclusive: wrap(async (p: string, text: string) => {
      let h: Buffer;
      try {
        h = await s.open(at(p), 'wx');
      } catch (e) {
        // OpenSSH answers O_EXCL on an existing file with a bare FAILURE
        if (e instanceof SftpError && e.status === 'failure' && (await s.stat(at(p)))) return false;
        throw e;
      }
      const data = Buffer.from(text, 'utf8');
      try {
        await s.write(h, data, data.length, 0, at(p));
      } finally {
        await s.close(h, at(p));
      }
      return true;
    }),
    put: wrap(async (localPath: string, p: string, hooks = {}) => {
      const src = await open(localPath, 'r');
      try {
        const h = await s.open(at(p), 'wx', 0o600);
        let sent: number;
        try {
          const release = releaseEvery(RELEASE_EVERY);
          const onProgress = async (bytes: number) => {
            release(bytes);
            await hooks.onProgress?.(bytes);
          };
          sent = await putFromFile(s, h, at(p), src, { ...hooks, onProgress, chunkBytes: s.maxWriteBytes, depth: 8 });
          await s.fsync(h, at(p));
        } catch (e) {
          await s.close(h, at(p)).catch(() => undefined);
          throw await diskFullOr(s, o.dir, e);
        }
        await s.close(h, at(p));
        return sent;
      } finally {
        await src.close();
      }
    }),
    sha256: wrap(async (p: string, hooks = {}) => {
      const remote = await remoteSha(at(p));
      if (remote) {
        const bytes = (await s.stat(at(p)))?.size ?? 0;
        return { sha256: remote, bytes, by: 'sha256sum' as HashMethod };
      }
      const hash = createHash('sha256');
      const bytes = await readRemoteFile(s, at(p), (c) => hash.update(c), { depth: 16, onProgress: releaseEvery(RELEASE_EVERY), ...(hooks.signal ? { signal: hooks.signal } : {}) });
      return { sha256: hash.digest('hex'), bytes, by: 'read-back' as HashMethod };
    }),
    promote: wrap((tmp: string, final: string) =>
      s.rename(at(tmp), at(final)).catch(async (e: unknown) => {
        if (e instanceof SftpError && e.status === 'failure' && (await s.stat(at(final)))) {
          throw new ActionFailed(`${o.name}: ${at(final)} already exists on ${conn.target}; not overwriting a backup`);
        }
        throw e;
      }),
    ),
    remove: wrap(async (p: string) => {
      await s.unlink(at(p)).catch((e: unknown) => {
        if (!(e instanceof SftpError && e.status === 'no-such-file')) throw e;
      });
    }),
    async close() {
      s.end();
      await conn.close();
    },
  };
  return store;
}

/** OpenSSH reports ENOSPC as a bare FAILURE; statvfs tells a full disk apart (restic's checkNoSpace). */
async function diskFullOr(s: SftpSession, dir: string, e: unknown): Promise<unknown> {
  if (!(e instanceof SftpError) || e.status !== 'failure') return e;
  const free = await s.freeBytes(dir).catch(() => undefined);
  if (free !== undefined && free < 1024 * 1024) return new SftpError(s.target, e.op, e.path, 'failure', { cause: e, detail: `no space left on the server (${free} bytes free in ${dir})` });
  return e;
}
