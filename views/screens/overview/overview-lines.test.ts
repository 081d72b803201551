import { describe, expect, test } from 'vitest';
import type { Finding } from '../../../src/fleet/index.js';
import { lineText } from '../../segments.js';
import { samplePlatform, syncingPlatform } from '../../testing/fleet-samples.js';
import { cellWidth } from '../../text-layout.js';
import { overviewLines } from './overview-lines.js';

const f = (severity: Finding['severity'], subject: string, cluster = 'apps', what = `${subject} is wrong`): Finding => ({
  rule: `rule.${subject}`, severity, cluster, subject, what,
  why: 'kubelet stopped posting node status 3 minutes ago and the lease expired',
  action: 'talosctl -n 10.25.11.15 service kubelet; then talosctl -n 10.25.11.15 logs kubelet',
});

describe('overviewLines', () => {
  test('findings worst first, per cluster, under a verdict line', () => {
    const state = samplePlatform({
      findings: [f('info', 'apps-03'), f('warning', 'apps-01'), f('critical', 'apps-02'), f('warning', 'infra-01', 'infra')],
    });
    const text = overviewLines(state, '', 120).map(lineText);
    expect(text[0]).toBe('infra ▲ degraded — 3 nodes, 1 warning');
    const apps = text.indexOf('apps ✗ critical — 3 nodes, 1 critical, 1 warning');
    expect(apps).toBeGreaterThan(0);
    const subjects = text.slice(apps).filter((l) => /^ {2}[✗▲•] /.test(l)).map((l) => l.slice(2, 11));
    expect(subjects).toEqual(['✗ apps-02', '▲ apps-01', '• apps-03']);
    expect(text).toContain('    why: kubelet stopped posting node status 3 minutes ago and the lease expired');
  });
  test('wraps every line within 60 columns, with a hanging indent', () => {
    const lines = overviewLines(samplePlatform({ findings: [f('critical', 'apps-02')] }), '', 60).map(lineText);
    for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(60);
    const why = lines.findIndex((l) => l.startsWith('    why: '));
    expect(lines[why + 1]).toMatch(/^ {9}\S/);
  });
  test('filter keeps matching findings; ! drops them; verdict lines stay', () => {
    const state = samplePlatform({ findings: [f('critical', 'apps-02'), f('warning', 'apps-01')] });
    const kept = overviewLines(state, 'apps-01', 80).map(lineText).join('\n');
    expect(kept).toContain('▲ apps-01');
    expect(kept).not.toContain('✗ apps-02');
    expect(kept).toContain('infra ✓ healthy');
    const dropped = overviewLines(state, '!apps-01', 80).map(lineText).join('\n');
    expect(dropped).toContain('✗ apps-02');
    expect(dropped).not.toContain('▲ apps-01');
    expect(overviewLines(state, 'zzz', 80).map(lineText)).toContain('  no findings match /zzz');
  });
  test('syncing and unreachable clusters say so', () => {
    expect(overviewLines(syncingPlatform(), '', 80).map(lineText)[0]).toBe(
      'infra … syncing — waiting for the first answer from Talos and Kubernetes',
    );
    const state = samplePlatform();
    state.clusters[1] = { ...state.clusters[1]!, talos: { state: 'error', reason: 'connection refused', since: 1 }, kube: { state: 'error', reason: 'i/o timeout', since: 1 } };
    expect(overviewLines(state, '', 100).map(lineText)).toContain('apps ? unreachable — talos: connection refused; kube: i/o timeout');
  });
});
