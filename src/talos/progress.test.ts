import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHealthLine, parseProgressLine } from './progress.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const lines = (name: string) => fx(name).split('\n').filter((l) => l.trim());

describe('parseProgressLine', () => {
  it('legacy tracker (non-TTY): Go-quoted node, message after it', () => {
    const parsed = lines('upgrade-nontty-partial.txt').map((l) => parseProgressLine(l, 'stderr', ['talos-345']));
    expect(parsed[0]).toEqual({ stream: 'stderr', line: '"talos-345": waiting for actor ID', node: 'talos-345', message: 'waiting for actor ID' });
    expect(parsed.map((p) => p.message)).toContain('task: stopAllPods action: START');
    expect(parsed.every((p) => p.node === 'talos-345')).toBe(true);
  });

  it('upgrade-k8s: ` > "<ip>": …` and ` < "<ip>": …`, phase lines without a node', () => {
    const parsed = lines('upgrade-k8s-controller-manager-v1.12.7.txt').map((l) => parseProgressLine(l, 'stdout'));
    expect(parsed[1]).toMatchObject({ node: '10.101.200.21', message: 'successfully updated' });
    expect(parsed[3]).toMatchObject({ message: ' > update kube-controller-manager: v1.34.5 -> 1.35.3' });
    expect(parsed[3]).not.toHaveProperty('node');
    const head = lines('upgrade-k8s-head-v1.12.7.txt').map((l) => parseProgressLine(l, 'stdout'));
    expect(head[3]).toMatchObject({ node: '10.101.200.30', message: 'Talos version 1.12.7 is compatible with Kubernetes version 1.35.3' });
  });

  it('LifecycleService upgrade (≥1.13): unquoted node prefix, only for the call\'s nodes', () => {
    const parsed = lines('upgrade-v1.14-lifecycle-partial.txt').map((l) => parseProgressLine(l, 'stderr', ['192.168.10.3']));
    expect(parsed.at(-1)).toMatchObject({ node: '192.168.10.3', message: 'upgrade completed' });
    expect(parsed.at(-2)).toMatchObject({ node: '192.168.10.3', message: 'Exit code: 0' });
    expect(parseProgressLine(lines('upgrade-v1.14-lifecycle-partial.txt').at(-1)!, 'stderr', [])).not.toHaveProperty('node');
  });

  it('WARNING lines and TTY items', () => {
    const [warn, , item] = lines('upgrade-tty-hang.txt').map((l) => parseProgressLine(l, 'stderr', ['k8s-control-01']));
    expect(warn).toMatchObject({ warning: true, message: 'k8s-control-01: server version 1.7.4 is older than client version 1.7.5' });
    expect(item).toMatchObject({ node: 'k8s-control-01', message: 'waiting for actor ID' });
  });
});

describe('parseHealthLine', () => {
  it('reads discovery and every check state of a real run', () => {
    const parsed = lines('health-with-transient-errors.txt').map(parseHealthLine);
    expect(parsed[0]).toEqual({ kind: 'discovered', nodes: ['10.200.1.217', '10.200.1.28', '10.200.1.90'] });
    expect(parsed[1]).toEqual({ kind: 'check', check: 'etcd to be healthy', state: 'running' });
    expect(parsed[2]).toEqual({ kind: 'check', check: 'etcd to be healthy', state: 'ok' });
    expect(parsed).toContainEqual({
      kind: 'check', check: 'all k8s nodes to report ready', state: 'failing', message: 'some nodes are not ready: [ip-10-200-1-90]',
    });
    expect(lines('health.txt').map(parseHealthLine).filter((h) => h.kind === 'check' && h.state === 'ok')).toHaveLength(16);
  });

  it('tolerates the TTY spinner and keeps other lines as text', () => {
    const [spin, last] = lines('health-client-mode-timeout.txt').map(parseHealthLine);
    expect(spin).toEqual({ kind: 'check', check: 'etcd to be healthy', state: 'failing', message: 'expected a response with 0 node(s), got 1' });
    expect(last).toEqual({ kind: 'other', text: 'context deadline exceeded' });
  });
});
