/**
 * A destination that is a local directory (a mounted disk or share): the same durable-write
 * rules as the backup dir — temp name, fsync, no-clobber link into place, fsync the directory.
 */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir } from '../../conventions/index.js';
import { ensureDir, FILE_MODE, promoteNoClobber, writeFileAtomic } from '../durable.js';
import type { DestinationStore, StoredFile, TransferHooks } from './store.js';

const IO_BYTES = 1024 * 1024;

export function localDestination(name: string, root: string): DestinationStore {
  const at = (p: string) => join(root, p);
  return {
    name,
    where: root,
    async list(dir) {
      try {
        const entries = await readdir(at(dir), { withFileTypes: true });
        const out: StoredFile[] = [];
        for (const e of entries) {
          const size = e.isFile() ? await stat(join(at(dir), e.name)).then((s) => s.size, () => 0) : 0;
          out.push({ name: e.name, size, isFile: e.isFile() });
        }
        return out;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    size: (p) => stat(at(p)).then((s) => (s.isFile() ? s.size : undefined), () => undefined),
    mkdirp: async (dir) => void (await ensureDir(at(dir))),
    readText: (p) => readFile(at(p), 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e))),
    writeText: (p, text) => writeFileAtomic(at(p), text, String(process.pid)),
    async createExclusive(p, text) {
      try {
        const fh = await open(at(p), 'wx', FILE_MODE);
        await fh.writeFile(text);
        await fh.sync();
        await fh.close();
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e;
      }
    },
    async put(localPath, p, hooks: TransferHooks = {}) {
      const src = await open(localPath, 'r');
      try {
        const out = await open(at(p), 'wx', FILE_MODE);
        try {
          const buf = Buffer.allocUnsafeSlow(IO_BYTES);
          let done = 0;
          for (;;) {
            hooks.signal?.throwIfAborted();
            const { bytesRead } = await src.read(buf, 0, IO_BYTES, done);
            if (!bytesRead) break;
            hooks.onData?.(buf.subarray(0, bytesRead));
            for (let off = 0; off < bytesRead; ) off += (await out.write(buf, off, bytesRead - off, done + off)).bytesWritten;
            done += bytesRead;
            await hooks.onProgress?.(done);
          }
          await out.sync();
          return done;
        } finally {
          await out.close();
        }
      } finally {
        await src.close();
      }
    },
    async sha256(p, hooks = {}) {
      const hash = createHash('sha256');
      const fh = await open(at(p), 'r');
      let bytes = 0;
      try {
        const buf = Buffer.allocUnsafeSlow(IO_BYTES);
        for (;;) {
          hooks.signal?.throwIfAborted();
          const { bytesRead } = await fh.read(buf, 0, IO_BYTES, bytes);
          if (!bytesRead) break;
          hash.update(buf.subarray(0, bytesRead));
          bytes += bytesRead;
        }
      } finally {
        await fh.close();
      }
      return { sha256: hash.digest('hex'), bytes, by: 'local' };
    },
    promote: (tmp, final) => promoteNoClobber(at(tmp), at(final)),
    async remove(p) {
      await unlink(at(p)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      await fsyncDir(dirname(at(p))).catch(() => undefined);
    },
    close: async () => undefined,
  };
}

