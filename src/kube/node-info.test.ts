import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { nodeRoles, parseNode } from './node-info.js';

const real = JSON.parse(readFileSync(new URL('../../test/fixtures/kube/node-doks-cilium.json', import.meta.url), 'utf8')) as Record<string, any>;

describe('parseNode', () => {
  it('reads a real Node (DOKS + Cilium capture)', () => {
    const n = parseNode(real);
    expect(n).toMatchObject({
      name: 'pool-un5t2n2gp-8b870',
      ready: true,
      readyReason: 'KubeletReady',
      readyMessage: 'kubelet is posting ready status. AppArmor enabled',
      readySince: '2021-05-12T08:22:56Z',
      kubeletVersion: 'v1.18.10',
      osImage: 'Debian GNU/Linux 10 (buster)',
      kernelVersion: '4.19.0-11-amd64',
      containerRuntimeVersion: 'docker://18.9.9',
      roles: [],
      unschedulable: false,
      internalIP: '10.1.2.12',
      createdAt: '2021-05-12T08:22:46Z',
    });
    expect(n.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['NetworkUnavailable', 'False', 'CiliumIsUp'],
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
    expect(n.conditions[0]).toEqual({ type: 'NetworkUnavailable', status: 'False', reason: 'CiliumIsUp', message: 'Cilium is running on this node', lastTransitionTime: '2021-05-12T08:22:55Z', lastHeartbeatTime: '2021-05-12T08:22:55Z' });
  });

  it('reads a cordoned control-plane node the node controller marked Unknown', () => {
    const notReady = structuredClone(real);
    notReady.metadata.labels['node-role.kubernetes.io/control-plane'] = '';
    notReady.spec.unschedulable = true;
    notReady.status.conditions[4] = { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: '2021-05-13T14:33:56Z', lastTransitionTime: '2021-05-13T14:34:40Z' };
    expect(parseNode(notReady)).toMatchObject({ ready: false, readyReason: 'NodeStatusUnknown', readyMessage: 'Kubelet stopped posting node status.', readySince: '2021-05-13T14:34:40Z', roles: ['control-plane'], unschedulable: true });
  });

  it('treats a node without a Ready condition as not ready and keeps going on sparse objects', () => {
    expect(parseNode({ metadata: { name: 'bare' } })).toEqual({ name: 'bare', ready: false, conditions: [], roles: [], unschedulable: false, labels: {} });
  });

  it('refuses something that is not a Node', () => {
    expect(() => parseNode({ kind: 'Status' })).toThrow(ParseError);
    expect(() => parseNode(null)).toThrow('kubernetes nodes: a Node without metadata.name');
  });

  it('derives roles like kubectl', () => {
    expect(nodeRoles({ 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/': '', 'kubernetes.io/role': 'master' })).toEqual(['control-plane', 'master', 'worker']);
  });
});
