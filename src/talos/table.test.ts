import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { expectColumns, parseTable, tableRecords } from './table.js';
import { parseResourceTable } from './resource-table.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');

describe('parseTable (tabwriter, padding 3)', () => {
  it('cuts cells at header offsets, keeping blank cells (maintenance mode: blank NODE, blank ALIAS/KIND)', () => {
    const t = parseTable(fx('links-table-maintenance.txt'), 'talosctl get links');
    expect(t.columns).toEqual(['NODE', 'NAMESPACE', 'TYPE', 'ID', 'VERSION', 'ALIAS', 'TYPE', 'KIND', 'HW ADDR', 'OPER STATE', 'LINK STATE']);
    expect(t.rows).toHaveLength(9);
    expect(t.rows[2]).toEqual(['', 'network', 'LinkStatus', 'eno1', '3', '', 'ether', '', '0c:c4:7a:da:d1:64', 'up', 'true']);
    // teql0 has an empty HW ADDR in the middle of the row
    expect(t.rows[7]).toEqual(['', 'network', 'LinkStatus', 'teql0', '1', '', 'void', '', '', 'down', 'false']);
  });

  it('keeps cells that hold spaces and parentheses whole', () => {
    const rows = tableRecords(parseTable(fx('etcd-status.txt'), 'talosctl etcd status'));
    expect(rows[0]!['IN USE']).toBe('2.2 MB (61.59%)');
    expect(rows[0]!['ERRORS']).toBe('');
  });

  it('reads several tables of one type separated by blank lines and repeated headers as one table', () => {
    const one = fx('service-list.txt');
    const twice = `${one}\n${one}`;
    const t = parseTable(twice, 'talosctl services');
    expect(t.rows).toHaveLength(22);
    expect(t.rows[11]![1]).toBe('apid');
  });

  it('gives an empty table for empty output', () => {
    expect(parseTable('', 'talosctl etcd alarm list')).toEqual({ columns: [], rows: [] });
  });

  it('rejects binary garbage as a header', () => {
    expect(() => parseTable('\x00\x01\x7fELF\x02garbage', 'talosctl services')).toThrow(
      new ParseError('talosctl services', 'expected a table header, found "·ELF·garbage"'),
    );
  });

  it('rejects a row that is not aligned with the header', () => {
    const text = 'NODE         MEMBER\n172.20.0.2xxxa49c021e76e707db\n';
    expect(() => parseTable(text, 'talosctl etcd alarm list')).toThrow(
      'talosctl etcd alarm list: line 2 is not aligned with column "MEMBER": "172.20.0.2xxxa49c021e76e707db"',
    );
  });

  it('rejects binary bytes inside rows', () => {
    const text = fx('etcd-alarm-list.txt').replace('NOSPACE', 'NO\x00SPACE');
    expect(() => parseTable(text, 'talosctl etcd alarm list')).toThrow(/line 2 holds binary data/);
  });

  it('expectColumns names what it saw and what it expected', () => {
    const t = parseTable('FOO   BAR\n1     2\n', 'talosctl etcd status');
    expect(() => expectColumns(t, 'talosctl etcd status', [['NODE', 'MEMBER', 'DB SIZE']])).toThrow(
      'talosctl etcd status: unexpected columns "FOO BAR" (expected "NODE MEMBER DB SIZE")',
    );
  });
});

describe('parseResourceTable (get <type>)', () => {
  it('splits fixed columns from print columns, even when names repeat (links: TYPE twice)', () => {
    const rows = parseResourceTable(fx('links-table-v1.10.txt'), 'talosctl get links');
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual({
      node: '192.168.122.188', namespace: 'network', type: 'LinkStatus', id: 'bond0', version: 1,
      columns: { TYPE: 'ether', KIND: 'bond', 'HW ADDR': 'f2:45:b1:1e:2e:18', 'OPER STATE': 'down', 'LINK STATE': 'false' },
    });
  });

  it('reads every small table of the v1.10 dump (machinestatus, nodename, memorystat, staticpodstatus, service, version)', () => {
    const blocks = fx('misc-get-tables-v1.10.txt').split(/\n\s*\n/).filter((b) => b.trim());
    const parsed = blocks.map((b) => parseResourceTable(b, 'talosctl get'));
    expect(parsed.map((p) => p.length)).toEqual([1, 1, 1, 3, 11, 1]);
    expect(parsed[0]![0]!.columns).toEqual({ STAGE: 'running', READY: 'true' });
    expect(parsed[1]![0]!.columns).toEqual({ NODENAME: 'alt-orchestra-dbo-s97' });
    expect(parsed[4]![4]).toMatchObject({ id: 'dashboard', columns: { RUNNING: 'true', HEALTHY: 'false', 'HEALTH UNKNOWN': 'true' } });
    expect(parsed[5]![0]).toMatchObject({ type: 'Version', version: 1, columns: { VERSION: 'v1.10.7' } });
  });

  it('keeps blank print cells (default route has no DESTINATION)', () => {
    const rows = parseResourceTable(fx('routes-table-v1.10.txt'), 'talosctl get routes');
    expect(rows[2]).toMatchObject({ id: 'inet4/192.168.122.1//1024', columns: { DESTINATION: '', GATEWAY: '192.168.122.1', LINK: 'enp1s0', METRIC: '1024' } });
  });

  it('reads a two-node members table and the JSON-rendered ADDRESSES cell', () => {
    const rows = parseResourceTable(fx('members-table-multinode.txt'), 'talosctl get members');
    expect(rows.map((r) => r.node)).toEqual([...Array(4).fill('192.168.50.50'), ...Array(3).fill('192.168.50.51')]);
    expect(rows[3]!.columns).toEqual({ HOSTNAME: 'talos-worker-node-1', 'MACHINE TYPE': 'worker', OS: 'Talos (v1.7.6)', ADDRESSES: '["192.168.50.60"]' });
  });

  it('refuses a table that is not a resource table', () => {
    expect(() => parseResourceTable(fx('service-list.txt'), 'talosctl get services')).toThrow(
      'talosctl get services: unexpected columns "NODE SERVICE STATE HEALTH LAST CHANGE LAST EVENT" (expected "NODE NAMESPACE TYPE ID VERSION …")',
    );
  });

  it('refuses a non-numeric VERSION', () => {
    const text = fx('addresses-table-maintenance.txt').replace('   1         5.135', '   x         5.135');
    expect(() => parseResourceTable(text, 'talosctl get addresses')).toThrow('talosctl get addresses: row 1: VERSION "x" is not a number');
  });
});
