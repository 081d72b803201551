/**
 * The client side of `talosctl etcd snapshot <path>` (etcd.go): stream into `<path>.part`
 * (mode 0600), fsync, require `size % 512 == 32` (bbolt + sha256 trailer), rename to `<path>`.
 * Errors carry talosctl's wording with Go's *PathError text. Node built-ins only: the shim uses it.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EEXIST: 'file exists',
};

export class ClientFileError extends Error {}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return ERRNO[code] ?? (e as Error).message;
}

export class SnapshotFileWriter {
  private fd: number | undefined;
  private size = 0;
  private readonly part: string;
  private readonly abs: string;
  private readonly absPart: string;

  /** `path` as the user gave it (messages quote it so); resolved against `cwd`. */
  constructor(
    private readonly path: string,
    cwd: string,
  ) {
    this.part = `${path}.part`;
    this.abs = isAbsolute(path) ? path : join(cwd, path);
    this.absPart = `${this.abs}.part`;
  }

  open(): void {
    try {
      this.fd = openSync(this.absPart, 'w', 0o600);
    } catch (e) {
      throw new ClientFileError(`error creating temporary file: open ${this.part}: ${errnoText(e)}`);
    }
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) this.open();
    try {
      writeSync(this.fd!, chunk);
      this.size += chunk.length;
    } catch (e) {
      this.abort();
      throw new ClientFileError(`error reading: write ${this.part}: ${errnoText(e)}`);
    }
  }

  /** fsync, checksum-size check, rename. Returns the final size. */
  finish(): number {
    if (this.fd === undefined) this.open();
    try {
      fsyncSync(this.fd!);
    } catch (e) {
      this.abort();
      throw new ClientFileError(`failed to fsync: sync ${this.part}: ${errnoText(e)}`);
    }
    if (this.size % 512 !== 32) {
      this.abort();
      throw new ClientFileError(`sha256 checksum not found (size ${this.size})`);
    }
    closeSync(this.fd!);
    this.fd = undefined;
    try {
      renameSync(this.absPart, this.abs);
    } catch (e) {
      this.abort();
      throw new ClientFileError(`error renaming to final location: rename ${this.part} ${this.path}: ${errnoText(e)}`);
    }
    return this.size;
  }

  /** talosctl defers os.RemoveAll(partPath): no half-written file is left behind. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    rmSync(this.absPart, { force: true });
  }
}

/** Write a whole snapshot the way talosctl does; returns its size. */
export function saveSnapshotFile(cwd: string, path: string, data: Uint8Array): number {
  const w = new SnapshotFileWriter(path, cwd);
  w.open();
  for (let off = 0; off < data.length; off += 32 * 1024) w.write(data.subarray(off, off + 32 * 1024));
  return w.finish();
}
