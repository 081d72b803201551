/**
 * ed25519 key pairs in OpenSSH format (host keys for the lab, identities for tests and demos).
 *
 * ssh2 1.17's utils.generateKeyPairSync('ed25519') strips leading zero bytes from the public key,
 * so about one key in 256 comes out malformed and its own parseKey rejects it (mscdex/ssh2#1513,
 * #1390). Regenerate until both halves parse.
 */
import ssh2 from 'ssh2';
import { ActionFailed } from '../errors/index.js';

export interface SshKeyPair {
  /** OpenSSH private key file contents. */
  private: string;
  /** `ssh-ed25519 AAAA… comment`, an authorized_keys / .pub line. */
  public: string;
}

export function generateEd25519KeyPair(opts: { comment?: string; passphrase?: string; rounds?: number } = {}): SshKeyPair {
  const settings = {
    ...(opts.comment !== undefined ? { comment: opts.comment } : {}),
    ...(opts.passphrase !== undefined ? { passphrase: opts.passphrase, cipher: 'aes256-ctr', rounds: opts.rounds ?? 16 } : {}),
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', settings);
    const priv = ssh2.utils.parseKey(pair.private, opts.passphrase);
    const pub = ssh2.utils.parseKey(pair.public);
    if (!(priv instanceof Error) && !(pub instanceof Error)) return pair;
  }
  // 20 bad keys in a row has odds of 256^-20: something else is broken.
  throw new ActionFailed('ssh2 could not generate a readable ed25519 key pair');
}
