/**
 * `talosctl etcd members` and `talosctl etcd alarm list` tables, and the two lines of
 * `talosctl etcd snapshot` (cmd/talosctl/cmd/talos/etcd.go). With several `-n`, `etcd members`
 * prints every node's own view of the full member list. `etcd alarm list` prints its header
 * lazily on the first alarm, so no alarms means no output at all.
 */
import { excerpt, ParseError } from '../errors/index.js';
import { expectColumns, parseTable, tableRecords, withOptionalNode } from './table.js';
import type { EtcdAlarmRow, EtcdMemberRow, EtcdSnapshotInfo } from './types.js';

const MEMBER_COLUMNS = ['ID', 'HOSTNAME', 'PEER URLS', 'CLIENT URLS', 'LEARNER'];

export function parseEtcdMembers(text: string, command = 'talosctl etcd members'): EtcdMemberRow[] {
  const table = parseTable(text, command);
  if (table.columns.length === 0) throw new ParseError(command, 'empty output where member rows were expected');
  expectColumns(table, command, withOptionalNode(MEMBER_COLUMNS));
  return tableRecords(table).map((r, k) => {
    const learner = r['LEARNER'];
    if (learner !== 'true' && learner !== 'false') {
      throw new ParseError(command, `row ${k + 1}: cannot read LEARNER "${excerpt(learner ?? '', 20)}"`);
    }
    const urls = (s: string | undefined) => (s ? s.split(',').map((u) => u.trim()).filter(Boolean) : []);
    return {
      node: r['NODE'] ?? '',
      id: r['ID'] ?? '',
      hostname: r['HOSTNAME'] ?? '',
      peerUrls: urls(r['PEER URLS']),
      clientUrls: urls(r['CLIENT URLS']),
      learner: learner === 'true',
    };
  });
}

export function parseEtcdAlarms(text: string, command = 'talosctl etcd alarm list'): EtcdAlarmRow[] {
  const table = parseTable(text, command);
  if (table.columns.length === 0) return [];
  expectColumns(table, command, withOptionalNode(['MEMBER', 'ALARM']));
  return tableRecords(table).map((r) => ({ node: r['NODE'] ?? '', memberId: r['MEMBER'] ?? '', alarm: r['ALARM'] ?? '' }));
}

const SAVED = /^etcd snapshot saved to (".*") \((\d+) bytes\)$/;
const INFO = /^snapshot info: hash ([0-9a-f]+), revision (\d+), total keys (\d+), total size (\d+)$/;

/** `etcd snapshot saved to "<path>" (<n> bytes)` then `snapshot info: hash …` (the path is Go-quoted). */
export function parseEtcdSnapshot(text: string, command = 'talosctl etcd snapshot'): EtcdSnapshotInfo {
  const lines = text.replace(/\r/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const saved = lines.map((l) => SAVED.exec(l)).find(Boolean);
  if (!saved) throw new ParseError(command, `no "etcd snapshot saved to" line in "${excerpt(text.trim())}"`);
  let path: string;
  try {
    path = JSON.parse(saved[1]!) as string;
  } catch {
    path = saved[1]!.slice(1, -1);
  }
  const info: EtcdSnapshotInfo = { path, sizeBytes: Number(saved[2]) };
  const st = lines.map((l) => INFO.exec(l)).find(Boolean);
  if (st) {
    info.hash = st[1]!;
    info.revision = Number(st[2]);
    info.totalKeys = Number(st[3]);
    info.totalSize = Number(st[4]);
  }
  return info;
}
