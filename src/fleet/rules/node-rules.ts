/** Findings about nodes: Kubernetes readiness and cordon, Talos API reachability, machine stage. */
import type { ClusterState, Finding, NodeState } from '../model.js';
import { ago } from '../../time/index.js';

const who = (n: NodeState) => `${n.name} (${n.ip})`;

export function nodeFindings(c: ClusterState, now: number): Finding[] {
  const out: Finding[] = [];
  for (const n of c.nodes) {
    if (!n.talosReachable) {
      out.push({
        rule: 'node.talos-unreachable',
        severity: 'critical',
        cluster: c.name,
        subject: n.name,
        what: `${n.name} does not answer the Talos API`,
        why: n.talosError ? `talosctl: ${n.talosError}` : 'talosctl returned an error for this node',
        action: `check power and network of ${who(n)}, then: talosctl -n ${n.ip} version`,
      });
    }
    if (n.ready === false) {
      const cond = n.conditions?.find((x) => x.type === 'Ready');
      const since = cond?.since ? ` since ${ago(cond.since, now)}` : '';
      out.push({
        rule: 'node.not-ready',
        severity: n.role === 'controlplane' ? 'critical' : 'warning',
        cluster: c.name,
        subject: n.name,
        what: `${n.name} is NotReady${since}`,
        why: cond ? `Ready=${cond.status}${cond.reason ? ` (${cond.reason})` : ''}${cond.message ? `: ${cond.message}` : ''}` : 'the Ready condition is not True',
        action: n.talosReachable ? `look at the kubelet: plat node ${n.name} services; plat node ${n.name} logs kubelet` : `the node is also unreachable by Talos: check its power and network first`,
      });
    }
    if (n.cordoned) {
      out.push({
        rule: 'node.cordoned',
        severity: 'warning',
        cluster: c.name,
        subject: n.name,
        what: `${n.name} is cordoned (SchedulingDisabled)`,
        why: 'spec.unschedulable is true: no new pods land on it',
        action: `if maintenance is over: kubectl --context ${c.name} uncordon ${n.name}`,
      });
    }
    if (n.talosReachable && n.stage && n.stage !== 'running') {
      out.push({
        rule: 'node.stage',
        severity: n.stage === 'upgrading' || n.stage === 'rebooting' || n.stage === 'booting' ? 'warning' : 'critical',
        cluster: c.name,
        subject: n.name,
        what: `${n.name} machine stage is ${n.stage}`,
        why: 'Talos MachineStatus is not "running"',
        action: n.stage === 'maintenance' ? `the node waits for a config: talosctl apply-config -n ${n.ip} …` : `follow it: plat node ${n.name} health`,
      });
    } else if (n.talosReachable && n.unmetConditions && n.unmetConditions.length > 0) {
      out.push({
        rule: 'node.unmet-conditions',
        severity: 'warning',
        cluster: c.name,
        subject: n.name,
        what: `${n.name} is not ready in Talos: ${n.unmetConditions.length} unmet condition${n.unmetConditions.length === 1 ? '' : 's'}`,
        why: n.unmetConditions.join('; '),
        action: `see what it waits for: talosctl -n ${n.ip} get machinestatus -o yaml`,
      });
    }
  }
  return out;
}
