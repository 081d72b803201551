import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprintSha256, keyTypeLabel, knownHostsLine, knownHostsName, sshKeyType } from './host-key.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ssh/${name}`, import.meta.url), 'utf8');
const blobOf = (pub: string) => Buffer.from(pub.trim().split(/\s+/)[1] as string, 'base64');

describe('fingerprintSha256', () => {
  it.each([
    ['host-ed25519.pub', 'host-ed25519.fingerprint.txt'],
    ['host-rsa.pub', 'host-rsa.fingerprint.txt'],
  ])('matches ssh-keygen -lf for %s', (pub, printed) => {
    // ssh-keygen -lf prints "<bits> SHA256:… <comment> (<TYPE>)"
    const expected = fixture(printed).split(' ')[1];
    expect(fingerprintSha256(blobOf(fixture(pub)))).toBe(expected);
  });
});

describe('key blobs', () => {
  it('reads the key type inside a blob', () => {
    expect(sshKeyType(blobOf(fixture('host-ed25519.pub')))).toBe('ssh-ed25519');
    expect(sshKeyType(blobOf(fixture('host-rsa.pub')))).toBe('ssh-rsa');
    expect(sshKeyType(Buffer.from('garbage'))).toBeUndefined();
    expect(sshKeyType(Buffer.alloc(2))).toBeUndefined();
  });

  it('labels types like OpenSSH', () => {
    expect(keyTypeLabel('ssh-ed25519')).toBe('ED25519');
    expect(keyTypeLabel('ecdsa-sha2-nistp256')).toBe('ECDSA');
    expect(keyTypeLabel('rsa-sha2-512')).toBe('RSA');
  });
});

describe('known_hosts names and lines', () => {
  it('uses host for port 22, [host]:port otherwise, and the alias when given', () => {
    expect(knownHostsName('Router.Lab', 22)).toBe('router.lab');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
    expect(knownHostsName('127.0.0.1', 2222, 'core-router')).toBe('core-router');
  });

  it('builds the line ssh would write', () => {
    const pub = fixture('host-ed25519.pub');
    const [type, b64] = pub.split(' ');
    expect(knownHostsLine('[127.0.0.1]:2222', blobOf(pub))).toBe(`[127.0.0.1]:2222 ${type} ${b64}`);
  });
});
