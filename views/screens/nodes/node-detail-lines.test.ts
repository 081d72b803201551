import { describe, expect, it } from 'vitest';
import { sampleNode, services } from '../../testing/fleet-samples.js';
import { lineText } from '../../segments.js';
import { nodeDetailLines } from './node-detail-lines.js';

const WHY = 'Error running Containerd(etcd), going to restart forever: task "etcd" failed: exit code 1';

describe('nodeDetailLines at 60 columns', () => {
  it("shows all of a failing service's message, wrapped under its column; a healthy one's stays on its line", () => {
    const node = sampleNode('infra', 'infra-03', '10.25.11.13', {
      services: services({ etcd: { state: 'Failed', health: 'Fail', lastMessage: WHY }, kubelet: { state: 'Running', health: 'OK', lastMessage: 'Health check successful, and a long tail that is cut' } }),
    });
    const lines = nodeDetailLines(node, 0, 60).map(lineText);
    const at = lines.findIndex((l) => /^ {2}✗ etcd/.test(l));
    const wrapped = [lines[at]!, ...lines.slice(at + 1).filter((l, i, all) => all.slice(0, i + 1).every((x) => /^ {20,}\S/.test(x)))];
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.map((l) => l.trim().replace(/^✗ etcd +Failed +Fail +/, '')).join(' ')).toBe(WHY);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
    expect(lines.filter((l) => /^ {2}✓ kubelet/.test(l))).toHaveLength(1);
  });
});
