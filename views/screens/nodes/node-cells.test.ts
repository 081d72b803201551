import { describe, expect, test } from 'vitest';
import { sampleNode, services } from '../../testing/fleet-samples.js';
import { readyCell, stageCell, unhealthyCell, uptimeText } from './node-cells.js';

const node = (over = {}) => sampleNode('apps', 'apps-02', '10.25.11.15', over);

describe('node cells: glyph + word + tone', () => {
  test('Ready', () => {
    expect(readyCell(node())).toEqual({ text: '✓ Ready', tone: 'ok' });
    expect(readyCell(node({ ready: false }))).toEqual({ text: '✗ NotReady', tone: 'error' });
    expect(readyCell(node({ cordoned: true }))).toEqual({ text: '▲ Cordoned', tone: 'warn' });
    expect(readyCell(node({ ready: undefined }))).toEqual({ text: '? unknown', tone: 'muted' });
  });
  test('unhealthy services: not Running or health Fail; health ? is fine', () => {
    expect(unhealthyCell(node())).toEqual({ text: '—', tone: 'muted' });
    const bad = node({ services: services({ etcd: { state: 'Preparing', health: '?' }, apid: { health: 'Fail' }, trustd: { health: '?' } }) });
    expect(unhealthyCell(bad)).toEqual({ text: 'apid, etcd', tone: 'error' });
    expect(unhealthyCell(node({ talosReachable: false }))).toEqual({ text: '? unreachable', tone: 'error' });
  });
  test('stage and uptime', () => {
    expect(stageCell(node())).toEqual({ text: '✓ running', tone: 'ok' });
    expect(stageCell(node({ stage: 'upgrading' }))).toEqual({ text: '▲ upgrading', tone: 'warn' });
    expect(stageCell(node({ talosReachable: false }))).toEqual({ text: '? unknown', tone: 'muted' });
    expect(uptimeText(3 * 86_400 + 4 * 3600 + 59)).toBe('3d4h');
    expect(uptimeText(undefined)).toBe('—');
  });
});
