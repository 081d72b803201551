import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { parseGoDuration, parseServiceDetail, parseServices } from './services.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');

describe('parseServices', () => {
  it('reads a control plane service list', () => {
    const rows = parseServices(fx('service-list.txt'));
    expect(rows).toHaveLength(11);
    expect(rows.map((r) => r.id)).toContain('etcd');
    expect(rows[0]).toEqual({
      node: '192.168.56.3', id: 'apid', state: 'Running', health: 'OK',
      lastChange: '5m51s ago', lastChangeSeconds: 351, lastEvent: 'Health check successful',
    });
    expect(rows[4]).toMatchObject({ id: 'dashboard', health: '?', lastEvent: 'Process Process(["/sbin/dashboard"]) started with PID 2000' });
  });

  it('reads negative ages and a waiting extension service', () => {
    const rows = parseServices(fx('service-list-worker-extension.txt'));
    expect(rows.find((r) => r.id === 'apid')!.lastChangeSeconds).toBe(-5);
    expect(rows.find((r) => r.id === 'ext-frr')).toMatchObject({
      state: 'Waiting', health: '?', lastChange: '-14s ago', lastChangeSeconds: -14,
      lastEvent: 'Error running Containerd(ext-frr), going to restart forever: task "ext-frr" failed: exit code 1',
    });
  });

  it('throws on empty output, a foreign table and garbage', () => {
    expect(() => parseServices('')).toThrow(new ParseError('talosctl services', 'empty output where service rows were expected'));
    expect(() => parseServices(fx('etcd-alarm-list.txt'))).toThrow(
      'talosctl services: unexpected columns "NODE MEMBER ALARM" (expected "NODE SERVICE STATE HEALTH LAST CHANGE LAST EVENT" or "SERVICE STATE HEALTH LAST CHANGE LAST EVENT")',
    );
    expect(() => parseServices('\x1b[31m\x00garbage')).toThrow('talosctl services: expected a table header, found "·[31m·garbage"');
  });
});

describe('parseServiceDetail (service <id>)', () => {
  it('reads the key/value block and its events, newest first', () => {
    expect(parseServiceDetail(fx('service-etcd-detail.txt'))).toEqual([
      {
        node: '172.20.0.2', id: 'etcd', state: 'Preparing', health: '?',
        events: [
          { state: 'Preparing', message: 'Running pre state', age: '17s', ageSeconds: 17 },
          { state: 'Waiting', message: 'Waiting for service "cri" to be "up", time sync', age: '18s', ageSeconds: 18 },
          { state: 'Waiting', message: 'Waiting for service "cri" to be "up", service "networkd" to be "up", time sync', age: '20s', ageSeconds: 20 },
        ],
      },
    ]);
  });

  it('reads one block per node', () => {
    const one = fx('service-etcd-detail.txt');
    const two = `${one}${one.replace('172.20.0.2', '172.20.0.3')}`;
    expect(parseServiceDetail(two).map((d) => [d.node, d.events.length])).toEqual([['172.20.0.2', 3], ['172.20.0.3', 3]]);
  });

  it('throws on empty output, unknown lines and unreadable events', () => {
    expect(() => parseServiceDetail('')).toThrow(new ParseError('talosctl service', 'empty output where a service was expected'));
    expect(() => parseServiceDetail(fx('service-list.txt'))).toThrow(/^talosctl service: line 2: unexpected "192\.168\.56\.3   apid/);
    const bad = fx('service-etcd-detail.txt').replace('(18s ago)', '');
    expect(() => parseServiceDetail(bad)).toThrow('talosctl service: line 6: unexpected event "[Waiting]: Waiting for service "cri" to be "up", time sync"');
  });
});

describe('parseGoDuration', () => {
  it('reads Go duration strings in seconds', () => {
    expect(parseGoDuration('59h56m27s')).toBe(59 * 3600 + 56 * 60 + 27);
    expect(parseGoDuration('-14s')).toBe(-14);
    expect(parseGoDuration('0s')).toBe(0);
    expect(parseGoDuration('1m0.5s')).toBe(60.5);
    expect(parseGoDuration('soon')).toBeUndefined();
  });
});
