/**
 * Gate checks over what the platform adapters observed. Pure: each takes one look and says ok or
 * not, and why in one line — the line an operator reads when a gate refuses.
 */
import type { ClusterBackupStatus } from '../backup/index.js';
import type { EtcdLook } from '../etcd/index.js';
import type { ClusterState, Finding } from '../fleet/index.js';
import type { BgpPair } from '../network/index.js';
import type { CheckOutcome } from './events.js';
import type { FluxNotReady } from './flux-port.js';
import { sameVersion } from './versions.js';

/**
 * Findings a rolling upgrade causes by design: nodes on two Talos versions, talosctl one minor
 * away from some nodes, kubelets a minor behind the new control plane. They never block a gate.
 */
export const UPGRADE_EXPECTED_RULES = ['talos.version-mixed', 'talos.client-skew', 'kube.kubelet-skew'];

const list = (xs: string[], max = 3) => (xs.length > max ? `${xs.slice(0, max).join('; ')}; and ${xs.length - max} more` : xs.join('; '));
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * Whether the cluster works. Backup findings (backup.none, backup.stale, backup.unread) are not
 * about that: the `backup-fresh` check judges them, and takes a backup when one is missing.
 */
export function clusterHealthy(cluster: string, findings: readonly Finding[], ignore: readonly string[] = []): CheckOutcome {
  const skip = new Set([...UPGRADE_EXPECTED_RULES, ...ignore]);
  const bad = findings.filter((f) => f.cluster === cluster && f.severity !== 'info' && !skip.has(f.rule) && !f.rule.startsWith('backup.'));
  if (bad.length === 0) return { check: 'cluster-healthy', ok: true, detail: 'no warnings or critical findings' };
  return { check: 'cluster-healthy', ok: false, detail: list(bad.map((f) => `${f.what} [${f.rule}]`)) };
}

export function nodesReady(state: ClusterState): CheckOutcome {
  const out = state.nodes.filter((n) => n.ready !== true);
  if (state.kube.state === 'error') return { check: 'nodes-ready', ok: false, detail: `the Kubernetes API does not answer: ${state.kube.reason}` };
  if (out.length === 0) return { check: 'nodes-ready', ok: true, detail: `${state.nodes.length}/${state.nodes.length} nodes Ready` };
  return { check: 'nodes-ready', ok: false, detail: `${out.map((n) => `${n.name} ${n.ready === false ? 'NotReady' : 'not registered'}`).join(', ')}` };
}

/** Every member answers and is a healthy voter, one leader agreed by all, one member per control plane. */
export function etcdHealthy(look: EtcdLook): CheckOutcome {
  const c = 'etcd-healthy';
  if (look.error) return { check: c, ok: false, detail: `etcd status failed: ${look.error}` };
  const problems: string[] = [];
  for (const m of look.members) {
    if (!m.reachable) problems.push(`etcd on ${m.nodeName} does not answer (${m.error ?? 'no status'})`);
    else if (m.service && (m.service.state !== 'Running' || m.service.health === 'Fail')) problems.push(`etcd on ${m.nodeName} is ${m.service.state}/${m.service.health}`);
    else if (m.learner) problems.push(`etcd on ${m.nodeName} is still a learner`);
  }
  if (look.leaders.length === 0) problems.push('no etcd leader');
  else if (look.leaders.length > 1) problems.push(`members disagree on the leader (${look.leaders.join(', ')})`);
  if (look.memberList.length && look.memberList.length !== look.members.length) problems.push(`${look.memberList.length} members for ${look.members.length} control planes`);
  if (problems.length) return { check: c, ok: false, detail: list(problems) };
  const leader = look.members.find((m) => m.memberId === look.leaderId)?.nodeName ?? look.leaderId;
  return { check: c, ok: true, detail: `${look.members.length}/${look.members.length} members healthy, leader ${leader}` };
}

export function etcdNoAlarm(look: EtcdLook): CheckOutcome {
  if (look.error) return { check: 'etcd-no-alarm', ok: false, detail: `etcd alarm list not read: ${look.error}` };
  if (look.alarms.length === 0) return { check: 'etcd-no-alarm', ok: true, detail: 'no alarms' };
  return { check: 'etcd-no-alarm', ok: false, detail: look.alarms.map((a) => `${a.alarm} on member ${a.memberId}`).join(', ') };
}

/** Both ends of every session of the cluster's nodes: Cilium's status, and the router's when plat reads it. */
export function bgpEstablished(cluster: string, pairs: readonly BgpPair[], nodes?: readonly string[], routerError?: string): CheckOutcome {
  const mine = pairs.filter((p) => p.cluster === cluster && (!nodes || nodes.includes(p.node)));
  if (mine.length === 0) return { check: 'bgp-established', ok: true, detail: 'no BGP sessions configured for these nodes' };
  const down: string[] = [];
  for (const p of mine) {
    const cs = p.cilium?.session.state;
    if (cs !== 'Established') down.push(`${p.node} ↔ ${p.peerAddress}: Cilium ${cs ?? 'reports no session'}`);
    else if (p.routerKnown && !routerError && p.router?.state !== 'Established') down.push(`${p.node} ↔ ${p.peerAddress}: router ${p.router?.state ?? 'has no neighbor'}`);
  }
  if (down.length) return { check: 'bgp-established', ok: false, detail: list(down) };
  return { check: 'bgp-established', ok: true, detail: `${plural(mine.length, 'session')} Established${routerError ? ` (Cilium side only: router not read: ${routerError})` : ''}` };
}

export function bondsHealthy(cluster: string, findings: readonly Finding[]): CheckOutcome {
  const bad = findings.filter((f) => f.cluster === cluster && f.severity !== 'info' && f.rule.startsWith('bond.'));
  if (bad.length === 0) return { check: 'bonds-healthy', ok: true, detail: 'every bond has its links and LACP partner' };
  return { check: 'bonds-healthy', ok: false, detail: list(bad.map((f) => f.what)) };
}

export function backupFresh(status: ClusterBackupStatus, maxAgeMs: number): CheckOutcome {
  const limit = `${Math.round(maxAgeMs / 60_000)} min`;
  if (status.ageMs === undefined || !status.newest) return { check: 'backup-fresh', ok: false, detail: 'no verified backup', remedy: 'backup' };
  const age = `${Math.round(status.ageMs / 60_000)} min`;
  if (status.ageMs > maxAgeMs) return { check: 'backup-fresh', ok: false, detail: `newest verified backup ${status.newest.file} is ${age} old (limit ${limit})`, remedy: 'backup' };
  return { check: 'backup-fresh', ok: true, detail: `${status.newest.file}, ${age} old` };
}

export function fluxReady(notReady: readonly FluxNotReady[]): CheckOutcome {
  if (notReady.length === 0) return { check: 'flux-ready', ok: true, detail: 'every selected Flux object is Ready' };
  return { check: 'flux-ready', ok: false, detail: list(notReady.map((f) => `${f.ref} ${f.reason}: ${f.message}`)) };
}

/**
 * A node back from its upgrade: on the target Talos version, running, every service up, Ready
 * and schedulable in Kubernetes. etcd and BGP are checked cluster-wide by the caller.
 */
export function nodeBack(state: ClusterState, name: string, target: string): CheckOutcome[] {
  const n = state.nodes.find((x) => x.name === name);
  if (!n) return [{ check: 'talos-version', ok: false, detail: `${name} is not in the look` }];
  const out: CheckOutcome[] = [];
  if (!n.talosReachable) out.push({ check: 'talos-version', ok: false, detail: `Talos API does not answer (${n.talosError ?? 'no answer'})` });
  else out.push({ check: 'talos-version', ok: sameVersion(n.talosVersion, target), detail: `Talos ${n.talosVersion ?? 'unknown'}${sameVersion(n.talosVersion, target) ? '' : `, waiting for ${target}`}` });
  const stage = n.stage ?? 'unknown';
  out.push({ check: 'stage', ok: stage === 'running', detail: `stage ${stage}` });
  const down = n.services.filter((s) => s.state !== 'Running' && s.state !== 'Finished' || s.health === 'Fail').map((s) => `${s.id} ${s.state}${s.health === 'Fail' ? '/Fail' : ''}`);
  const services = n.talosReachable && n.services.length > 0;
  out.push({ check: 'services', ok: services && down.length === 0, detail: !services ? 'services not read' : down.length ? down.join(', ') : `${n.services.length} services up` });
  out.push({ check: 'node-ready', ok: n.ready === true, detail: n.ready === true ? 'Ready' : n.ready === false ? 'NotReady' : 'not registered in Kubernetes' });
  out.push({ check: 'schedulable', ok: n.cordoned !== true, detail: n.cordoned ? 'cordoned' : 'schedulable' });
  return out;
}
