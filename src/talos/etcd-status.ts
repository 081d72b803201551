/**
 * `talosctl etcd status` (text only; no `-o json`, siderolabs/talos #10819, #14100). Row format
 * (cmd/talosctl/cmd/talos/etcd.go): `%s\t%s\t%s\t%s (%.2f%%)\t%s\t%d\t%d\t%d\t%v\t%s\t%s\t%s` with
 * member/leader as `%016x` and sizes from go-humanize's SI `Bytes` (`21 MB`, `6.0 MB`, `12 kB`).
 * Talos v1.11 added PROTOCOL and STORAGE before ERRORS. ERRORS is `, `-joined.
 */
import { excerpt, ParseError } from '../errors/index.js';
import { expectColumns, parseTable, tableRecords, withOptionalNode } from './table.js';
import type { EtcdStatusRow } from './types.js';

const BASE = ['MEMBER', 'DB SIZE', 'IN USE', 'LEADER', 'RAFT INDEX', 'RAFT TERM', 'RAFT APPLIED INDEX', 'LEARNER'];
const LAYOUT_V1_11 = [...BASE, 'PROTOCOL', 'STORAGE', 'ERRORS'];
const LAYOUT_OLD = [...BASE, 'ERRORS'];

const UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5, EiB: 1024 ** 6,
};

/** Bytes in a go-humanize size (`6.4 MB`, `12 kB`, `512 B`; IEC `MiB` also read); undefined otherwise. */
export function parseHumanBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(text.trim());
  const unit = m ? UNITS[m[2]!] : undefined;
  if (!m || unit === undefined) return undefined;
  return Math.round(Number(m[1]) * unit);
}

function need<T>(value: T | undefined, command: string, row: number, column: string, cell: string): T {
  if (value === undefined) throw new ParseError(command, `row ${row}: cannot read ${column} "${excerpt(cell, 40)}"`);
  return value;
}

const int = (s: string): number | undefined => (/^\d+$/.test(s) ? Number(s) : undefined);
const bool = (s: string): boolean | undefined => (s === 'true' ? true : s === 'false' ? false : undefined);
const hexId = (s: string): string | undefined => (/^[0-9a-f]+$/.test(s) ? s : undefined);

export function parseEtcdStatus(text: string, command = 'talosctl etcd status'): EtcdStatusRow[] {
  const table = parseTable(text, command);
  if (table.columns.length === 0) throw new ParseError(command, 'empty output where etcd status rows were expected');
  expectColumns(table, command, [...withOptionalNode(LAYOUT_V1_11), ...withOptionalNode(LAYOUT_OLD)]);
  const hasProtocol = table.columns.includes('PROTOCOL');
  return tableRecords(table).map((r, k) => {
    const row = k + 1;
    const cell = (c: string) => r[c] ?? '';
    const inUse = /^(.*?)\s*\((\d+(?:\.\d+)?)%\)$/.exec(cell('IN USE'));
    const out: EtcdStatusRow = {
      node: cell('NODE'),
      memberId: need(hexId(cell('MEMBER')), command, row, 'MEMBER', cell('MEMBER')),
      dbSize: need(parseHumanBytes(cell('DB SIZE')), command, row, 'DB SIZE', cell('DB SIZE')),
      inUse: need(inUse ? parseHumanBytes(inUse[1]!) : undefined, command, row, 'IN USE', cell('IN USE')),
      inUsePercent: Number(inUse?.[2]),
      leader: need(hexId(cell('LEADER')), command, row, 'LEADER', cell('LEADER')),
      raftIndex: need(int(cell('RAFT INDEX')), command, row, 'RAFT INDEX', cell('RAFT INDEX')),
      raftTerm: need(int(cell('RAFT TERM')), command, row, 'RAFT TERM', cell('RAFT TERM')),
      raftAppliedIndex: need(int(cell('RAFT APPLIED INDEX')), command, row, 'RAFT APPLIED INDEX', cell('RAFT APPLIED INDEX')),
      learner: need(bool(cell('LEARNER')), command, row, 'LEARNER', cell('LEARNER')),
      errors: cell('ERRORS') ? cell('ERRORS').split(', ') : [],
    };
    if (hasProtocol) {
      out.protocol = cell('PROTOCOL');
      out.storage = cell('STORAGE');
    }
    return out;
  });
}
