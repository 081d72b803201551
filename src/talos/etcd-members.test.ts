import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { parseEtcdAlarms, parseEtcdMembers, parseEtcdSnapshot } from './etcd-members.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');

describe('parseEtcdMembers', () => {
  it('reads every node\'s view of the member list', () => {
    const rows = parseEtcdMembers(fx('etcd-members.txt'));
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((r) => r.node))).toEqual(new Set(['192.168.1.52', '192.168.1.51', '192.168.1.53']));
    expect(rows[0]).toEqual({
      node: '192.168.1.52', id: '4f3fb4c33808229a', hostname: 'talos03',
      peerUrls: ['https://192.168.1.53:2380'], clientUrls: ['https://192.168.1.53:2379'], learner: false,
    });
  });

  it('throws on empty output, other tables and a bad LEARNER', () => {
    expect(() => parseEtcdMembers('')).toThrow(new ParseError('talosctl etcd members', 'empty output where member rows were expected'));
    expect(() => parseEtcdMembers(fx('etcd-alarm-list.txt'))).toThrow(/^talosctl etcd members: unexpected columns "NODE MEMBER ALARM"/);
    const bad = fx('etcd-members.txt').replace('2379   false\n', '2379   yes  \n');
    expect(() => parseEtcdMembers(bad)).toThrow(new ParseError('talosctl etcd members', 'row 1: cannot read LEARNER "yes"'));
  });
});

describe('parseEtcdAlarms', () => {
  it('reads alarm rows', () => {
    expect(parseEtcdAlarms(fx('etcd-alarm-list.txt'))).toEqual([{ node: '172.20.0.2', memberId: 'a49c021e76e707db', alarm: 'NOSPACE' }]);
  });

  it('treats empty output as no alarms (talosctl prints the header lazily)', () => {
    expect(parseEtcdAlarms('')).toEqual([]);
  });

  it('throws on an unexpected table', () => {
    expect(() => parseEtcdAlarms(fx('etcd-downgrade-validate.txt'))).toThrow(
      'talosctl etcd alarm list: unexpected columns "NODE MESSAGE" (expected "NODE MEMBER ALARM" or "MEMBER ALARM")',
    );
  });
});

describe('parseEtcdSnapshot', () => {
  it('reads the saved line and the snapshot info line', () => {
    const info = parseEtcdSnapshot(fx('etcd-snapshot.txt'));
    expect(info).toEqual({ path: 'db.snapshot', sizeBytes: 2015264, hash: 'c25fd181', revision: 4193, totalKeys: 1287, totalSize: 3035136 });
    // bbolt DB plus talosctl's 32-byte sha256 trailer
    expect(info.sizeBytes % 512).toBe(32);
  });

  it('throws when the saved line is missing', () => {
    expect(() => parseEtcdSnapshot('sha256 checksum not found (size 1000)\n')).toThrow(
      new ParseError('talosctl etcd snapshot', 'no "etcd snapshot saved to" line in "sha256 checksum not found (size 1000)"'),
    );
  });
});
