/**
 * Loading the private key plat authenticates with. Errors name the file, never its contents or
 * the passphrase.
 */
import { readFileSync, statSync } from 'node:fs';
import ssh2 from 'ssh2';
import { ConfigError } from '../errors/index.js';

export async function loadIdentity(identityFile: string, passphrase?: string): Promise<Buffer> {
  let data: Buffer;
  try {
    // Like ssh(1) ("UNPROTECTED PRIVATE KEY FILE!"), refuse a key others can read.
    const st = statSync(identityFile);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      throw new ConfigError(`identity file ${identityFile} has permissions ${mode}: a private key must not be accessible by others`, {
        hint: `chmod 600 ${identityFile}`,
      });
    }
    data = readFileSync(identityFile);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`identity file ${identityFile} cannot be read (${code ?? 'error'})`, {
      hint: code === 'ENOENT' ? 'check identityFile in plat.yaml' : undefined,
    });
  }
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    const encrypted = /passphrase|encrypted/i.test(parsed.message);
    throw new ConfigError(
      encrypted
        ? `identity file ${identityFile} is encrypted and ${passphrase === undefined ? 'no passphrase was given' : 'the passphrase does not open it'}`
        : `identity file ${identityFile} is not a private key plat can read`,
    );
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) {
    throw new ConfigError(`identity file ${identityFile} holds a public key; point identityFile at the private half`);
  }
  return data;
}
