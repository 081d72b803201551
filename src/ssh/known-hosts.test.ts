import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkHostKey, hostMatches, parseKnownHosts, preferredHostKeyAlgorithms } from './known-hosts.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ssh/${name}`, import.meta.url), 'utf8');
const ed = fixture('host-ed25519.pub').trim().split(' ').slice(0, 2).join(' ');
const rsa = fixture('host-rsa.pub').trim().split(' ').slice(0, 2).join(' ');
const edBlob = Buffer.from(ed.split(' ')[1] as string, 'base64');
const rsaBlob = Buffer.from(rsa.split(' ')[1] as string, 'base64');

describe('parseKnownHosts', () => {
  it('keeps valid lines with their line numbers and skips comments, blanks and corrupt lines', () => {
    const text = [
      '# routers',
      '',
      `router.lab,10.25.11.1 ${ed} the core router`,
      `[10.25.11.1]:2222 ${rsa}`,
      'broken-line-without-key',
      `bad.example ssh-ed25519 !!!notbase64`,
      `mismatch.example ssh-rsa ${ed.split(' ')[1]}`, // blob says ed25519, field says rsa
      `@revoked * ${rsa}`,
      `@cert-authority *.lab ${ed}`,
      `@bogus-marker host ${ed}`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => [e.line, e.marker ?? '', e.hosts, e.keyType])).toEqual([
      [3, '', 'router.lab,10.25.11.1', 'ssh-ed25519'],
      [4, '', '[10.25.11.1]:2222', 'ssh-rsa'],
      [8, 'revoked', '*', 'ssh-rsa'],
      [9, 'cert-authority', '*.lab', 'ssh-ed25519'],
    ]);
  });

  it('handles CRLF files', () => {
    expect(parseKnownHosts(`a ${ed}\r\nb ${rsa}\r\n`)).toHaveLength(2);
  });
});

describe('hostMatches', () => {
  const entry = (hosts: string) => parseKnownHosts(`${hosts} ${ed}`)[0]!;

  it('matches plain names case-insensitively and [host]:port exactly', () => {
    expect(hostMatches(entry('Router.Lab,10.25.11.1'), 'router.lab')).toBe(true);
    expect(hostMatches(entry('router.lab'), '[router.lab]:2222')).toBe(false);
    expect(hostMatches(entry('[10.25.11.1]:2222'), '[10.25.11.1]:2222')).toBe(true);
    expect(hostMatches(entry('[10.25.11.1]:2222'), '10.25.11.1')).toBe(false);
  });

  it('supports * and ? wildcards and ! negation', () => {
    expect(hostMatches(entry('*.lab'), 'router.lab')).toBe(true);
    expect(hostMatches(entry('10.25.11.?'), '10.25.11.1')).toBe(true);
    expect(hostMatches(entry('10.25.11.?'), '10.25.11.10')).toBe(false);
    expect(hostMatches(entry('*.lab,!evil.lab'), 'evil.lab')).toBe(false);
    expect(hostMatches(entry('!evil.lab'), 'router.lab')).toBe(false); // negation alone never matches
    expect(hostMatches(entry('a.b'), 'axb')).toBe(false); // '.' is literal
  });

  it('matches hashed names written by ssh-keygen -H', () => {
    const [first, second] = parseKnownHosts(fixture('known_hosts.hashed'));
    expect(hostMatches(first!, '[127.0.0.1]:2222')).toBe(true);
    expect(hostMatches(first!, '127.0.0.1')).toBe(false);
    expect(hostMatches(second!, 'router.lab')).toBe(true);
    expect(hostMatches(second!, 'ROUTER.LAB')).toBe(true);
    expect(hostMatches(second!, 'other.lab')).toBe(false);
  });
});

describe('checkHostKey', () => {
  it('trusts any of several keys listed for the host', () => {
    const entries = parseKnownHosts(`router.lab ${rsa}\nrouter.lab ${ed}\n`);
    const v = checkHostKey(entries, 'router.lab', edBlob);
    expect(v.kind === 'trusted' && v.entry.line).toBe(2);
  });

  it('says unknown when no line covers the host', () => {
    expect(checkHostKey(parseKnownHosts(`other.lab ${ed}`), 'router.lab', edBlob)).toEqual({ kind: 'unknown' });
    expect(checkHostKey([], 'router.lab', edBlob)).toEqual({ kind: 'unknown' });
  });

  it('says changed, with the expected entries, when the host has other keys', () => {
    const v = checkHostKey(parseKnownHosts(`# x\n[127.0.0.1]:2222 ${rsa}`), '[127.0.0.1]:2222', edBlob);
    expect(v.kind).toBe('changed');
    expect(v.kind === 'changed' && v.expected.map((e) => e.line)).toEqual([2]);
  });

  it('refuses a @revoked key even when the same key is also listed as trusted', () => {
    const entries = parseKnownHosts(`router.lab ${ed}\n@revoked * ${ed}\n`);
    expect(checkHostKey(entries, 'router.lab', edBlob).kind).toBe('revoked');
    expect(checkHostKey(entries, 'router.lab', rsaBlob).kind).toBe('changed');
  });

  it('ignores @cert-authority lines (no host certificates)', () => {
    expect(checkHostKey(parseKnownHosts(`@cert-authority *.lab ${ed}`), 'router.lab', edBlob).kind).toBe('unknown');
  });

  it('works with hashed entries', () => {
    const entries = parseKnownHosts(fixture('known_hosts.hashed'));
    expect(checkHostKey(entries, '[127.0.0.1]:2222', edBlob).kind).toBe('trusted');
    expect(checkHostKey(entries, 'router.lab', edBlob).kind).toBe('changed');
  });
});

describe('preferredHostKeyAlgorithms', () => {
  it('asks first for the key types known for the host', () => {
    const entries = parseKnownHosts(`router.lab ${rsa}`);
    expect(preferredHostKeyAlgorithms(entries, 'router.lab').slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(preferredHostKeyAlgorithms(entries, 'other.lab')[0]).toBe('ssh-ed25519');
    expect(new Set(preferredHostKeyAlgorithms(entries, 'router.lab')).size).toBe(7);
  });
});
