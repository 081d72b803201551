/**
 * Bond health rules (pure): one node's bond, what plat.yaml expects, and the previous look at the
 * same node (for counters that only mean something when they move). Each finding says what is
 * wrong, the evidence, and the next step. The health criteria follow network.md §4: every slave
 * MII up, all up slaves in the active aggregator, a real LACP partner, no churn, and the
 * configured mode / hash policy / LACP rate / MTU.
 */
import type { BondExpectation } from '../../config/index.js';
import type { Finding, Severity } from '../../fleet/model.js';
import type { BondLook, NodeBond } from './model.js';
import { bondSummary, isZeroMac, type BondSlaveSummary, type BondSummary } from './summary.js';
import { lacpActiveFinding } from './lacp-active.js';

export interface BondRuleInput {
  current: NodeBond;
  expect: BondExpectation;
  /** The previous look at the same node's bond, if any (kept by the dashboard or in stateDir). */
  previous?: BondLook;
}

export function bondFindings({ current: nb, expect, previous }: BondRuleInput): Finding[] {
  const subject = `${nb.bondName} on ${nb.node}`;
  const f = (rule: string, severity: Severity, what: string, why: string, action: string): Finding => ({
    rule: `bond.${rule}`, severity, cluster: nb.cluster, subject, what, why, action,
  });
  if (nb.links === null && !nb.procfs) {
    return [f('missing', 'critical', `${nb.node} has no ${nb.bondName}`, 'no LinkStatus of kind bond with that name', `check the node's machine config (machine.network.interfaces[].bond) and talosctl -n ${nb.address} get links`)];
  }
  if (!nb.links && !nb.procfs) {
    const why = [nb.errors.links && `get links: ${nb.errors.links}`, nb.errors.procfs && `read: ${nb.errors.procfs}`].filter(Boolean).join('; ');
    return [f('unread', 'warning', `${subject}: bond state unknown`, why || 'no source answered', `check that the Talos API of ${nb.node} answers (talosctl -n ${nb.address} version)`)];
  }
  const s = bondSummary(nb);
  const out: Finding[] = [];
  out.push(...stateFindings(nb, s, expect, f));
  out.push(...lacpFindings(nb, s, f));
  out.push(...driftFindings(nb, s, expect, f));
  const grew = linkFailuresGrew(s.slaves, previous);
  for (const g of grew) {
    out.push(
      f('link-failures-grew', 'warning', `${subject}: link failures of ${g.name} grew ${g.before} → ${g.now}`,
        `Link Failure Count went up since the look at ${new Date(previous!.at).toISOString()}: the link flaps`,
        `check the cable, optics and switch port of ${g.name} (switch logs for link up/down)`),
    );
  }
  return out;
}

type Make = (rule: string, severity: Severity, what: string, why: string, action: string) => Finding;

function stateFindings(nb: NodeBond, s: BondSummary, expect: BondExpectation, f: Make): Finding[] {
  const out: Finding[] = [];
  const subject = `${nb.bondName} on ${nb.node}`;
  if (s.up === false) {
    out.push(f('down', 'critical', `${subject} is down`, `bond MII status ${nb.procfs?.miiStatus ?? nb.links?.bond.operationalState ?? 'down'}; no slave carries traffic`, `check both NICs' cables and switch ports; talosctl -n ${nb.address} read /proc/net/bonding/${nb.bondName}`));
  }
  for (const sl of s.slaves.filter((x) => x.mii !== 'up' && x.mii !== 'unknown')) {
    const failures = sl.linkFailures ? `, ${sl.linkFailures} link failure${sl.linkFailures === 1 ? '' : 's'}` : '';
    out.push(f('slave-down', 'warning', `${subject}: slave ${sl.name} MII ${sl.mii}${failures}`, `the bond runs on ${s.slaves.filter((x) => x.mii === 'up').length} of ${s.slaves.length} links`, `check the cable/switch port of ${sl.name}`));
  }
  if (s.slaves.length < expect.slaves) {
    out.push(f('slaves-missing', 'warning', `${subject} has ${s.slaves.length} slave${s.slaves.length === 1 ? '' : 's'}, ${expect.slaves} expected`, `slaves listed: ${s.slaves.map((x) => x.name).join(', ') || 'none'}`, `check that every NIC named in the machine config's bond.interfaces exists (talosctl -n ${nb.address} get links)`));
  }
  const speeds = new Set(s.slaves.filter((x) => x.mii === 'up' && x.speedMbit !== undefined).map((x) => x.speedMbit));
  if (speeds.size > 1) {
    const list = s.slaves.filter((x) => x.speedMbit !== undefined).map((x) => `${x.name} ${x.speedMbit} Mb/s`).join(', ');
    out.push(f('speed-mismatch', 'warning', `${subject}: slaves run at different speeds`, `${list}; LACP only aggregates ports of equal speed`, 'check autonegotiation on the NICs and switch ports (a port fell back to a lower speed?)'));
  }
  return out;
}

function lacpFindings(nb: NodeBond, s: BondSummary, f: Make): Finding[] {
  if (s.mode !== undefined && s.mode !== '802.3ad') return [];
  const out: Finding[] = [];
  const subject = `${nb.bondName} on ${nb.node}`;
  const up = s.slaves.filter((x) => x.mii === 'up');
  const noPartner = isZeroMac(s.partnerMac) || (up.length > 0 && up.every((x) => isZeroMac(x.partnerMac)));
  if (noPartner) {
    out.push(f('no-partner', 'warning', `${subject}: no LACP partner`, 'partner MAC is 00:00:00:00:00:00: no LACPDU received from the switch (kernel defaults in use)', 'configure the switch ports as one LACP (802.3ad) port-channel, in active mode'));
  }
  const aggs = new Set(up.map((x) => x.aggregatorId).filter((a): a is number => a !== undefined));
  if (s.activeAggregatorId === null && up.length > 0) {
    out.push(f('no-aggregator', 'critical', `${subject} has no active aggregator`, 'the kernel reports no active aggregator although slaves are up', 'check the switch port-channel and LACP mode'));
  } else if (aggs.size > 1) {
    const list = up.map((x) => `${x.name}→${x.aggregatorId ?? '?'}`).join(', ');
    out.push(f('split-aggregator', 'warning', `${subject}: slaves in different aggregators`, `${list}; only aggregator ${s.activeAggregatorId ?? '?'} carries traffic`, 'put both switch ports in the same port-channel (same LACP key / system on the switch)'));
  }
  const churned = up.filter((x) => x.churned);
  // With no partner at all every port churns; the no-partner finding already says why.
  if (churned.length > 0 && !noPartner) {
    out.push(f('churned', 'warning', `${subject}: LACP churned on ${churned.map((x) => x.name).join(', ')}`, 'actor or partner churn state is churned: the ports never synchronised with the partner', 'check the switch port-channel settings (LACP rate, key, members) and the switch logs'));
  }
  const lacp = lacpActiveFinding(nb, s);
  if (lacp) out.push(f('lacp-inactive', 'warning', lacp.what, lacp.why, lacp.action));
  return out;
}

function driftFindings(nb: NodeBond, s: BondSummary, expect: BondExpectation, f: Make): Finding[] {
  const out: Finding[] = [];
  const subject = `${nb.bondName} on ${nb.node}`;
  const talosKey = (k: string) => `machine.network.interfaces[].bond.${k}`;
  if (s.mode !== undefined && s.mode !== expect.mode) {
    out.push(f('mode', 'warning', `${subject}: mode ${s.mode}, plat.yaml expects ${expect.mode}`, `bonding mode ${nb.procfs?.modeLabel ?? s.mode}`, `set ${talosKey('mode')}: ${expect.mode} in the machine config`));
  }
  if (s.mtu !== undefined && s.mtu !== expect.mtu) {
    out.push(f('mtu', 'warning', `${subject}: MTU ${s.mtu}, plat.yaml expects ${expect.mtu}`, 'LinkStatus mtu of the bond; a smaller MTU than the fabric drops or fragments jumbo frames', `set machine.network.interfaces[].mtu: ${expect.mtu} for ${nb.bondName}`));
  }
  if (s.hashPolicy !== undefined && s.hashPolicy !== expect.xmitHashPolicy) {
    out.push(f('hash-policy', 'warning', `${subject}: transmit hash policy ${s.hashPolicy}, plat.yaml expects ${expect.xmitHashPolicy}`, 'flows are spread over the slaves by this policy', `set ${talosKey('xmitHashPolicy')}: ${expect.xmitHashPolicy}`));
  }
  if (s.lacpRate !== undefined && (s.mode === undefined || s.mode === '802.3ad') && s.lacpRate !== expect.lacpRate) {
    out.push(f('lacp-rate', 'warning', `${subject}: LACP rate ${s.lacpRate}, plat.yaml expects ${expect.lacpRate}`, `with rate ${s.lacpRate} a dead link is detected after ${s.lacpRate === 'slow' ? '90' : '3'} s`, `set ${talosKey('lacpRate')}: ${expect.lacpRate} (and the same rate on the switch)`));
  }
  if (s.miimon !== undefined && s.miimon !== expect.miimon) {
    out.push(f('miimon', 'info', `${subject}: MII polling ${s.miimon} ms, plat.yaml expects ${expect.miimon}`, 'carrier loss is noticed after one polling interval', `set ${talosKey('miimon')}: ${expect.miimon}`));
  }
  return out;
}

function linkFailuresGrew(slaves: BondSlaveSummary[], previous: BondLook | undefined): Array<{ name: string; before: number; now: number }> {
  if (!previous) return [];
  return slaves.flatMap((x) => {
    const b = previous.linkFailures[x.name];
    // A lower count means the node rebooted (counters reset), not a heal.
    return b !== undefined && x.linkFailures !== undefined && x.linkFailures > b ? [{ name: x.name, before: b, now: x.linkFailures }] : [];
  });
}
