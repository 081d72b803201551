import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EtcdLook } from '../etcd/index.js';
import type { ClusterState, Finding, NodeState } from '../fleet/index.js';
import { parseEtcdAlarms, parseEtcdStatus } from '../talos/index.js';
import { bgpEstablished, clusterHealthy, etcdHealthy, etcdNoAlarm, nodeBack, nodesReady } from './checks.js';
import type { ClusterFacts } from './platform.js';
import { quorumProblem } from './step-talos.js';

const fx = (f: string) => readFileSync(new URL(`../../test/fixtures/etcd/${f}`, import.meta.url), 'utf8');
const names = ['infra-03', 'infra-02', 'infra-01'];

/** A look from recorded `talosctl etcd status` (Talos v1.12 docs; the third row is the leader). */
function look(alarms = ''): EtcdLook {
  const rows = parseEtcdStatus(fx('etcd-status.txt'));
  const alarmRows = alarms ? parseEtcdAlarms(alarms) : [];
  return {
    cluster: 'infra', at: 0, memberListDisagree: [], warnings: [], alarms: alarmRows,
    memberList: rows.map((r, i) => ({ node: r.node, id: r.memberId, hostname: names[i]!, peerUrls: [], clientUrls: [], learner: false })),
    members: rows.map((r, i) => ({ node: r.node, nodeName: names[i]!, reachable: true, memberId: r.memberId, leaderId: r.leader, learner: r.learner, errors: r.errors, alarms: [], service: { state: 'Running', health: 'OK' } })),
    leaders: [rows[0]!.leader], leaderId: rows[0]!.leader,
  };
}

const facts = (l: EtcdLook): ClusterFacts => ({ at: 0, etcd: l, findings: [], state: { nodes: [] } as unknown as ClusterState });

describe('etcd checks', () => {
  it('a healthy cluster names its leader', () => {
    expect(etcdHealthy(look())).toEqual({ check: 'etcd-healthy', ok: true, detail: '3/3 members healthy, leader infra-01' });
    expect(etcdNoAlarm(look())).toEqual({ check: 'etcd-no-alarm', ok: true, detail: 'no alarms' });
  });

  it('a member that does not answer, a learner, no leader', () => {
    const l = look();
    Object.assign(l.members[1]!, { reachable: false, error: 'connection refused' });
    Object.assign(l.members[0]!, { learner: true });
    expect(etcdHealthy(l)).toEqual({ check: 'etcd-healthy', ok: false, detail: 'etcd on infra-03 is still a learner; etcd on infra-02 does not answer (connection refused)' });
    expect(etcdHealthy({ ...look(), leaders: [], leaderId: undefined })).toMatchObject({ ok: false, detail: 'no etcd leader' });
  });

  it('an alarm from recorded `etcd alarm list` output', () => {
    expect(etcdNoAlarm(look(fx('etcd-alarm-list.txt')))).toEqual({ check: 'etcd-no-alarm', ok: false, detail: 'NOSPACE on member a49c021e76e707db' });
  });

  it('taking a control plane down is refused while another member is not a healthy voter', () => {
    const cp = (name: string) => ({ name, ip: '10.0.0.1', role: 'controlplane' as const });
    expect(quorumProblem(facts(look()), cp('infra-02'))).toBeUndefined();
    const l = look();
    Object.assign(l.members[0]!, { service: { state: 'Failed', health: 'Fail' } });
    expect(quorumProblem(facts(l), cp('infra-02'))).toBe('etcd on infra-03 is Failed/Fail');
    // the node itself being down is what an upgrade expects
    expect(quorumProblem(facts(l), cp('infra-03'))).toBeUndefined();
    expect(quorumProblem(facts(l), { name: 'w-1', ip: '10.0.0.9', role: 'worker' })).toBeUndefined();
  });
});

const finding = (rule: string, severity: Finding['severity'], subject = 'x'): Finding => ({ rule, severity, cluster: 'infra', subject, what: `${rule} on ${subject}`, why: '', action: '' });

describe('cluster checks', () => {
  it('what a rolling upgrade causes by design never blocks; everything else does', () => {
    expect(clusterHealthy('infra', [finding('talos.version-mixed', 'warning'), finding('talos.client-skew', 'warning'), finding('node.stage', 'info')])).toMatchObject({ ok: true });
    // Backups have their own check (backup-fresh), which takes one when it is missing.
    expect(clusterHealthy('infra', [finding('backup.none', 'warning'), finding('backup.stale', 'warning')])).toMatchObject({ ok: true });
    expect(clusterHealthy('infra', [finding('node.not-ready', 'critical', 'infra-02'), finding('bond.slave-down', 'warning', 'infra-01')])).toEqual({
      check: 'cluster-healthy', ok: false, detail: 'node.not-ready on infra-02 [node.not-ready]; bond.slave-down on infra-01 [bond.slave-down]',
    });
    expect(clusterHealthy('infra', [finding('node.cordoned', 'warning')], ['node.cordoned'])).toMatchObject({ ok: true });
  });

  const n = (over: Partial<NodeState>): NodeState => ({ cluster: 'infra', name: 'infra-02', ip: '10.25.11.12', role: 'controlplane', talosReachable: true, talosVersion: 'v1.12.0', ready: true, cordoned: false, stage: 'running', services: [{ id: 'etcd', state: 'Running', health: 'OK' }, { id: 'dashboard', state: 'Running', health: '?' }], ...over });
  const state = (node: NodeState) => ({ name: 'infra', id: 1, readOnly: false, talos: { state: 'ok', at: 0 }, kube: { state: 'ok', at: 0 }, nodes: [node] }) as ClusterState;

  it('a node is back when it runs the target, is running, its services are up and it is Ready and schedulable', () => {
    expect(nodeBack(state(n({})), 'infra-02', 'v1.12.0').every((o) => o.ok)).toBe(true);
    const back = nodeBack(state(n({ talosVersion: 'v1.11.5', stage: 'booting', ready: false, cordoned: true, services: [{ id: 'etcd', state: 'Waiting', health: '?' }] })), 'infra-02', 'v1.12.0');
    expect(back.filter((o) => !o.ok).map((o) => `${o.check}: ${o.detail}`)).toEqual([
      'talos-version: Talos v1.11.5, waiting for v1.12.0', 'stage: stage booting', 'services: etcd Waiting', 'node-ready: NotReady', 'schedulable: cordoned',
    ]);
    expect(nodeBack(state(n({ talosReachable: false, talosError: 'connect: no route to host', services: [] })), 'infra-02', 'v1.12.0')[0]).toEqual({ check: 'talos-version', ok: false, detail: 'Talos API does not answer (connect: no route to host)' });
    expect(nodesReady(state(n({ ready: false })))).toEqual({ check: 'nodes-ready', ok: false, detail: 'infra-02 NotReady' });
  });

  it('BGP: Cilium and the router must both say Established; no sessions is not a failure', () => {
    const session = (state: string) => ({ source: 'cilium', peerAddress: '10.25.11.1', remoteAs: 64501, localAs: 64512, state }) as never;
    const pair = (cilium: string, router?: string) => ({ cluster: 'infra', node: 'infra-02', nodeIp: '10.25.11.12', peerAddress: '10.25.11.1', routerKnown: true, cilium: { session: session(cilium) } as never, ...(router ? { router: session(router) } : {}) });
    expect(bgpEstablished('infra', [pair('Established', 'Established')])).toEqual({ check: 'bgp-established', ok: true, detail: '1 session Established' });
    expect(bgpEstablished('infra', [pair('Established', 'Active')])).toMatchObject({ ok: false, detail: 'infra-02 ↔ 10.25.11.1: router Active' });
    expect(bgpEstablished('infra', [pair('Active')])).toMatchObject({ ok: false, detail: 'infra-02 ↔ 10.25.11.1: Cilium Active' });
    expect(bgpEstablished('infra', [pair('Established')], undefined, 'ssh: connection refused')).toMatchObject({ ok: true, detail: '1 session Established (Cilium side only: router not read: ssh: connection refused)' });
    expect(bgpEstablished('infra', [pair('Established', 'Established')], ['infra-01'])).toMatchObject({ ok: true, detail: 'no BGP sessions configured for these nodes' });
  });
});
