/**
 * A new or renamed file survives a power cut only once its directory is fsynced too: fsync(2) on
 * the file need not write the directory entry that names it; Linux's fsync(2) page asks for an
 * fsync of the directory as well. node:fs alone, so the CLI core stays light: `fs.promises`
 * is a getter, and Node loads its promise API only on the first call.
 */
import { constants, promises } from 'node:fs';

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await promises.open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
