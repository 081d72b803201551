/**
 * SFTP over an open plat SSH connection, as promises with typed errors. Status codes come from
 * draft-ietf-secsh-filexfer-02 (SFTP v3, what OpenSSH speaks). Two OpenSSH behaviours matter to
 * callers: a plain RENAME refuses an existing target (sftp-server links, then unlinks), while
 * `posix-rename@openssh.com` replaces it; and a full disk comes back as a bare FAILURE, so the
 * free space has to be asked for separately (`statvfs@openssh.com`), as restic does.
 */
import type { SFTPWrapper, Stats } from 'ssh2';
import { ActionFailed } from '../errors/index.js';
import type { SshConnection } from './connection.js';

export type SftpStatus = 'no-such-file' | 'permission-denied' | 'failure' | 'unsupported' | 'connection-lost' | 'other';

const STATUS: Record<number, SftpStatus> = { 2: 'no-such-file', 3: 'permission-denied', 4: 'failure', 6: 'connection-lost', 7: 'connection-lost', 8: 'unsupported' };
const WORDS: Record<SftpStatus, string> = {
  'no-such-file': 'no such file or directory',
  'permission-denied': 'permission denied',
  failure: 'the server reported a failure',
  unsupported: 'the server does not support this operation',
  'connection-lost': 'the connection was lost',
  other: 'failed',
};

/** One SFTP operation that failed; names the server, the operation and the path (never file contents). */
export class SftpError extends ActionFailed {
  constructor(
    readonly target: string,
    readonly op: string,
    readonly path: string,
    readonly status: SftpStatus,
    opts: { cause?: unknown; hint?: string; detail?: string } = {},
  ) {
    super(`SFTP ${target}: cannot ${op} ${path}: ${opts.detail ?? WORDS[status]}`, opts);
  }
}

export interface SftpEntry {
  name: string;
  size: number;
  /** Seconds since the epoch, as the server reports it. */
  mtime: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface SftpSession {
  readonly target: string;
  /** Largest WRITE payload ssh2 sends as one request (it splits larger ones serially). */
  readonly maxWriteBytes: number;
  /** Server extensions announced in its VERSION packet (`posix-rename@openssh.com`, …). */
  readonly extensions: ReadonlySet<string>;
  stat(path: string): Promise<Stats | undefined>;
  /** undefined when the directory does not exist. */
  readdir(path: string): Promise<SftpEntry[] | undefined>;
  /** `mkdir -p`, each new directory with `mode`. */
  mkdirp(path: string, mode?: number): Promise<void>;
  open(path: string, flags: 'r' | 'wx' | 'w', mode?: number): Promise<Buffer>;
  close(handle: Buffer, path: string): Promise<void>;
  fstat(handle: Buffer, path: string): Promise<Stats>;
  /** fsync@openssh.com; false when the server lacks it. */
  fsync(handle: Buffer, path: string): Promise<boolean>;
  /** One WRITE request; `data` is copied before this returns, so the caller may reuse its buffer. */
  write(handle: Buffer, data: Buffer, length: number, position: number, path: string): Promise<void>;
  read(handle: Buffer, into: Buffer, length: number, position: number, path: string): Promise<number>;
  /** Plain RENAME: fails when `to` exists (OpenSSH). */
  rename(from: string, to: string): Promise<void>;
  /** Replace `to` atomically with posix-rename@openssh.com; without it, unlink then rename. */
  replace(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Free bytes for an unprivileged user, via statvfs@openssh.com; undefined when unsupported. */
  freeBytes(path: string): Promise<number | undefined>;
  end(): void;
}

type Cb<T> = (err: Error | null | undefined, value: T) => void;

export async function openSftp(conn: SshConnection): Promise<SftpSession> {
  const sftp: SFTPWrapper = await conn.sftp();
  sftp.on('error', () => {}); // reported through the failing request's callback
  const target = conn.target;
  const fail = (op: string, path: string, e: unknown): SftpError => {
    const code = (e as { code?: unknown }).code;
    const status = typeof code === 'number' ? (STATUS[code] ?? 'other') : conn.closed || /No response|closed/i.test(String((e as Error).message)) ? 'connection-lost' : 'other';
    return new SftpError(target, op, path, status, { cause: e, ...(status === 'other' ? { detail: String((e as Error).message) } : {}) });
  };
  const call = <T>(op: string, path: string, f: (cb: Cb<T>) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      // ssh2 would queue a request on a dead channel and never answer it
      if (conn.closed) return reject(new SftpError(target, op, path, 'connection-lost'));
      try {
        f((err, v) => (err ? reject(fail(op, path, err)) : resolve(v)));
      } catch (e) {
        reject(fail(op, path, e));
      }
    });
  const internals = sftp as unknown as { _maxWriteLen?: number; _extensions?: Record<string, string> };
  const extensions = new Set(Object.keys(internals._extensions ?? {}));

  const session: SftpSession = {
    target,
    maxWriteBytes: internals._maxWriteLen ?? 32 * 1024,
    extensions,
    async stat(path) {
      try {
        return await call<Stats>('stat', path, (cb) => sftp.stat(path, cb));
      } catch (e) {
        if (e instanceof SftpError && e.status === 'no-such-file') return undefined;
        throw e;
      }
    },
    async readdir(path) {
      try {
        const list = await call<{ filename: string; attrs: Stats }[]>('list', path, (cb) => sftp.readdir(path, cb));
        return list.map((f) => ({ name: f.filename, size: f.attrs.size, mtime: f.attrs.mtime, isFile: f.attrs.isFile(), isDirectory: f.attrs.isDirectory() }));
      } catch (e) {
        if (e instanceof SftpError && e.status === 'no-such-file') return undefined;
        throw e;
      }
    },
    async mkdirp(path, mode = 0o700) {
      const parts = path.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const p = parts.slice(0, i).join('/');
        if (!p || p === '.') continue;
        const st = await session.stat(p);
        if (st?.isDirectory()) continue;
        if (st) throw new SftpError(target, 'create directory', p, 'failure', { detail: 'a file with that name is in the way' });
        await call<void>('create directory', p, (cb) => sftp.mkdir(p, { mode }, (err) => cb(err, undefined)));
      }
    },
    open: (path, flags, mode = 0o600) => call<Buffer>(flags === 'r' ? 'open' : 'create', path, (cb) => sftp.open(path, flags, { mode }, cb)),
    close: (handle, path) => call<void>('close', path, (cb) => sftp.close(handle, (err) => cb(err, undefined))),
    fstat: (handle, path) => call<Stats>('stat', path, (cb) => sftp.fstat(handle, cb)),
    async fsync(handle, path) {
      if (!extensions.has('fsync@openssh.com')) return false;
      await call<void>('fsync', path, (cb) => sftp.ext_openssh_fsync(handle, (err) => cb(err, undefined)));
      return true;
    },
    write: (handle, data, length, position, path) => call<void>('write', path, (cb) => sftp.write(handle, data, 0, length, position, (err) => cb(err, undefined))),
    read: (handle, into, length, position, path) => call<number>('read', path, (cb) => sftp.read(handle, into, 0, length, position, (err, n) => cb(err, n))),
    rename: (from, to) => call<void>('rename', `${from} to ${to}`, (cb) => sftp.rename(from, to, (err) => cb(err, undefined))),
    async replace(from, to) {
      if (extensions.has('posix-rename@openssh.com')) {
        return call<void>('rename', `${from} to ${to}`, (cb) => sftp.ext_openssh_rename(from, to, (err) => cb(err, undefined)));
      }
      await session.unlink(to).catch((e: unknown) => {
        if (!(e instanceof SftpError && e.status === 'no-such-file')) throw e;
      });
      return session.rename(from, to);
    },
    unlink: (path) => call<void>('delete', path, (cb) => sftp.unlink(path, (err) => cb(err, undefined))),
    async freeBytes(path) {
      if (!extensions.has('statvfs@openssh.com')) return undefined;
      const v = await call<{ bavail: number; frsize: number; bsize: number }>('statvfs', path, (cb) => sftp.ext_openssh_statvfs(path, cb as Cb<unknown>));
      return v.bavail * (v.frsize || v.bsize);
    },
    end: () => sftp.end(),
  };
  return session;
}
