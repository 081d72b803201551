import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { parseEtcdStatus, parseHumanBytes } from './etcd-status.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const CMD = 'talosctl etcd status';

describe('parseEtcdStatus', () => {
  it('reads the v1.11+ layout with PROTOCOL and STORAGE, rows in response order', () => {
    const rows = parseEtcdStatus(fx('etcd-status.txt'));
    expect(rows.map((r) => r.node)).toEqual(['172.20.0.4', '172.20.0.3', '172.20.0.2']);
    expect(rows[0]).toEqual({
      node: '172.20.0.4', memberId: 'a2b8a1f794bdd561', dbSize: 3_600_000, inUse: 2_200_000, inUsePercent: 61.59,
      leader: 'a49c021e76e707db', raftIndex: 4703, raftTerm: 2, raftAppliedIndex: 4703, learner: false,
      errors: [], protocol: '3.6.4', storage: '3.6.0',
    });
    expect(rows.filter((r) => r.memberId === r.leader).map((r) => r.node)).toEqual(['172.20.0.2']);
  });

  it('reads the layout before v1.11 (no PROTOCOL/STORAGE)', () => {
    const rows = parseEtcdStatus(fx('etcd-status-pre-v1.11.txt'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      node: '172.20.0.3', memberId: 'ecebb05b59a776f1', dbSize: 21_000_000, inUse: 6_000_000, inUsePercent: 29.08,
      leader: 'ecebb05b59a776f1', raftIndex: 53391, raftTerm: 4, raftAppliedIndex: 53391, learner: false, errors: [],
    });
    expect(rows[0]).not.toHaveProperty('protocol');
  });

  it('reads alarms in ERRORS, comma-joined', () => {
    const lines = fx('etcd-status-pre-v1.11.txt').split('\n');
    // docs strip the trailing blanks of the tab-terminated LEARNER cell; tabwriter prints them
    lines[1] = `${lines[1]!.padEnd(lines[0]!.indexOf('ERRORS'))}alarm:NOSPACE, memberID:1 alarm:CORRUPT`;
    expect(parseEtcdStatus(lines.join('\n'))[0]!.errors).toEqual(['alarm:NOSPACE', 'memberID:1 alarm:CORRUPT']);
  });

  it('throws on an unexpected column set, naming both', () => {
    const text = fx('etcd-status.txt').replace('LEARNER   PROTOCOL', 'LEARNER   FOOBAR  ');
    expect(() => parseEtcdStatus(text)).toThrow(
      /^talosctl etcd status: unexpected columns "NODE MEMBER DB SIZE IN USE LEADER RAFT INDEX RAFT TERM RAFT APPLIED INDEX LEARNER FOOBAR STORAGE ERRORS" \(expected "NODE MEMBER DB SIZE IN USE LEADER RAFT INDEX RAFT TERM RAFT APPLIED INDEX LEARNER PROTOCOL STORAGE ERRORS" or /,
    );
  });

  it('throws on empty output and on garbage', () => {
    expect(() => parseEtcdStatus('')).toThrow(new ParseError(CMD, 'empty output where etcd status rows were expected'));
    expect(() => parseEtcdStatus('\x00\x01\x02')).toThrow(new ParseError(CMD, 'expected a table header, found "·"'));
  });

  it('throws on cells it cannot read', () => {
    const badSize = fx('etcd-status.txt').replace('3.6 MB    2.2', '3.6 XB    2.2');
    expect(() => parseEtcdStatus(badSize)).toThrow(new ParseError(CMD, 'row 1: cannot read DB SIZE "3.6 XB"'));
    const badLearner = fx('etcd-status.txt').replace('false     3.6.4      3.6.0\n172.20.0.3', 'maybe     3.6.4      3.6.0\n172.20.0.3');
    expect(() => parseEtcdStatus(badLearner)).toThrow(new ParseError(CMD, 'row 1: cannot read LEARNER "maybe"'));
  });
});

describe('parseHumanBytes (go-humanize SI)', () => {
  it('reads the units talosctl prints', () => {
    expect(parseHumanBytes('6.4 MB')).toBe(6_400_000);
    expect(parseHumanBytes('12 kB')).toBe(12_000);
    expect(parseHumanBytes('512 B')).toBe(512);
    expect(parseHumanBytes('2.1 GB')).toBe(2_100_000_000);
    expect(parseHumanBytes('1.5 MiB')).toBe(1_572_864);
    expect(parseHumanBytes('lots')).toBeUndefined();
  });
});
