/**
 * `plat backup decrypt <file> --identity <file> [--out <file>]`: open an age file (plat's or the
 * age CLI's) into a new file — written under a hidden temp name and renamed only once the whole
 * payload authenticated, so a wrong identity, a damaged or truncated file leaves nothing behind.
 * A decrypted backup (`….db.gz` / `….db`) is then verified like a stored one (gunzip, SHA-256
 * trailer, bbolt meta pages), so the operator knows the snapshot is usable before a restore.
 */
import { access, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import { promoteNoClobber } from './durable.js';
import { openFile } from './encrypt.js';
import { readAgeIdentities } from './encrypt-identity.js';
import { SEALED_SUFFIX, parseStoredName } from './encrypt-names.js';
import { verifyStoredFile, type StoredCheck } from './verify-stored.js';

export interface DecryptRequest {
  file: string;
  identityFile: string;
  /** Default: the file's name without `.age`, in `cwd`. */
  out?: string;
  cwd: string;
  signal?: AbortSignal;
}

export interface DecryptResult {
  file: string;
  out: string;
  bytes: number;
  sha256: string;
  /** For a decrypted backup: the same check `plat backup verify` runs. */
  check?: StoredCheck;
}

const exists = (p: string) => access(p).then(() => true, () => false);

export async function decryptBackup(r: DecryptRequest): Promise<DecryptResult> {
  const file = resolve(r.cwd, r.file);
  if (!(await exists(file))) throw new UserError(`${r.file}: no such file`);
  if (!r.out && !file.endsWith(SEALED_SUFFIX)) throw new UserError(`${r.file} does not end in ${SEALED_SUFFIX}; say where the output goes with --out`);
  const out = resolve(r.cwd, r.out ?? basename(file).slice(0, -SEALED_SUFFIX.length));
  if (out === file) throw new UserError('--out must not be the encrypted file itself');
  if (await exists(out)) throw new UserError(`${out} already exists; not overwriting it`, { hint: 'pick another --out, or move the old file away' });
  const identities = await readAgeIdentities(resolve(r.cwd, r.identityFile));
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
  let done = false;
  try {
    const opened = await openFile(file, tmp, identities, r.signal);
    await promoteNoClobber(tmp, out);
    done = true;
    const result: DecryptResult = { file, out, bytes: opened.bytes, sha256: opened.sha256 };
    // verified when the output keeps a backup's name (so its compression is known from it)
    const inner = parseStoredName(basename(out));
    if (inner && !inner.sealed) result.check = await verifyStoredFile(out, undefined, r.signal ? { signal: r.signal } : {});
    return result;
  } finally {
    if (!done) await unlink(tmp).catch(() => undefined);
  }
}
