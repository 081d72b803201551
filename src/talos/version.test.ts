import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { parseVersion } from './version.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const CMD = 'talosctl version';

describe('parseVersion', () => {
  it('reads the client and one server block (tab indent, empty Built: with trailing spaces)', () => {
    expect(parseVersion(fx('version.txt'))).toEqual({
      client: { tag: 'v1.7.5', sha: '47731624', built: '', goVersion: 'go1.22.4', os: 'linux', arch: 'amd64' },
      servers: {
        'k8s-control-01': { tag: 'v1.7.4', sha: 'cb3a8308', built: '', goVersion: 'go1.22.3', os: 'linux', arch: 'amd64', enabled: ['RBAC'] },
      },
    });
  });

  it('reads maintenance mode (--insecure): 8-space indent, empty Enabled:', () => {
    const v = parseVersion(fx('version-maintenance.txt'));
    expect(v.client).toMatchObject({ tag: 'v1.13.2', sha: 'undefined', os: 'darwin', arch: 'arm64' });
    expect(v.servers).toEqual({
      '5.135.136.115': { tag: 'v1.13.3', sha: 'befeda7c', built: '', goVersion: 'go1.26.3', os: 'linux', arch: 'amd64', enabled: [] },
    });
  });

  it('reads one block per node on a three-node call', () => {
    const v = parseVersion(fx('version-multinode.txt'));
    expect(Object.keys(v.servers)).toEqual(['10.4.64.2', '10.4.64.1', '10.4.64.3']);
    expect(Object.values(v.servers).map((s) => s.tag)).toEqual(['v1.9.1', 'v1.9.1', 'v1.9.1']);
  });

  it('keeps the client block when no server answered (endpoint down)', () => {
    const clientOnly = fx('version.txt').split('Server:')[0]!;
    expect(parseVersion(clientOnly)).toEqual({ client: expect.objectContaining({ tag: 'v1.7.5' }), servers: {} });
  });

  it('keys a server block without NODE: by the empty string', () => {
    const noNode = fx('version.txt').replace(/^\tNODE:.*\n/m, '');
    expect(Object.keys(parseVersion(noNode).servers)).toEqual(['']);
  });

  it('throws on empty output', () => {
    expect(() => parseVersion('\n')).toThrow(new ParseError(CMD, 'empty output where a version was expected'));
  });

  it('throws on the --short form and other unknown lines', () => {
    expect(() => parseVersion('Client:\nTalos v1.11.3\n')).toThrow(new ParseError(CMD, 'unexpected line 2: "Talos v1.11.3"'));
  });

  it('throws on binary garbage with a printable excerpt', () => {
    expect(() => parseVersion('\x00\x00\xff\xfegarbage\x01')).toThrow(new ParseError(CMD, 'unexpected line 1: "·garbage·"'));
  });

  it('throws when a block has no Tag (truncated output)', () => {
    const cut = fx('version-multinode.txt').split('\n').slice(0, 15).join('\n');
    expect(() => parseVersion(cut)).toThrow(new ParseError(CMD, 'the Server block of node 10.4.64.1 has no Tag line'));
  });
});
