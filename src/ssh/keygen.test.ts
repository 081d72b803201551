import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from './keygen.js';

describe('generateEd25519KeyPair', () => {
  // ssh2 1.17 alone gets about 1 in 256 wrong (mscdex/ssh2#1513); 600 pairs hit it with ~90 % odds.
  it('only returns pairs whose both halves ssh2 can read back', () => {
    for (let i = 0; i < 600; i++) {
      const pair = generateEd25519KeyPair();
      const priv = ssh2.utils.parseKey(pair.private);
      const pub = ssh2.utils.parseKey(pair.public);
      expect(priv instanceof Error || pub instanceof Error).toBe(false);
      expect(pub instanceof Error ? '' : (pub as ssh2.ParsedKey).getPublicSSH().length).toBe(51); // 4+11 type, 4+32 key
    }
  });

  it('writes the comment and encrypts with a passphrase', () => {
    const pair = generateEd25519KeyPair({ comment: 'lab-router', passphrase: 'pw', rounds: 2 });
    expect(pair.public).toMatch(/^ssh-ed25519 AAAA\S+ lab-router$/);
    expect(ssh2.utils.parseKey(pair.private)).toBeInstanceOf(Error);
    expect(ssh2.utils.parseKey(pair.private, 'pw')).not.toBeInstanceOf(Error);
  });
});
