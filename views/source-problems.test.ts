import { describe, expect, test } from 'vitest';
import { sampleCluster } from './testing/fleet-samples.js';
import { clusterProblems, sourceProblem } from './source-problems.js';

describe('source problems', () => {
  test('one line per source that is not ok, naming the source and the reason', () => {
    const down = sampleCluster('apps', 2, 14, {
      talos: { state: 'error', reason: 'connection refused', since: 1 },
      kube: { state: 'error', reason: 'dial tcp 10.25.11.14:6443: i/o timeout', since: 1 },
    });
    expect(clusterProblems(down)).toEqual(['talos: connection refused', 'kube: dial tcp 10.25.11.14:6443: i/o timeout']);
    expect(clusterProblems(sampleCluster('infra', 1, 11))).toEqual([]);
  });
  test('stale and syncing say so, with the reason when there is one', () => {
    expect(sourceProblem('kube', { state: 'stale', since: 1, reason: 'watch closed' })).toBe('kube: stale (watch closed)');
    expect(sourceProblem('kube', { state: 'stale', since: 1 })).toBe('kube: stale');
    expect(sourceProblem('talos', { state: 'syncing' })).toBe('talos: syncing');
    expect(sourceProblem('talos', { state: 'ok', at: 1 })).toBeUndefined();
  });
});
