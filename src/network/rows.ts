/**
 * Table rows for the three network views (pure): one line per node's bond, one per BGP session
 * with both views side by side (node IP ↔ router neighbor), one per pool and LB Service. The
 * command prints them with the CLI's renderTable; the dashboard's Network screen reuses them.
 */
import type { BgpPair, ClusterBgpSide } from './bgp/model.js';
import { shortDuration } from './bgp/since.js';
import type { NodeBond } from './bond/model.js';
import { bondSummary } from './bond/summary.js';
import type { BgpView, BondsReport, PoolsReport } from './collect.js';
import type { BgpSession } from './router/model.js';
import { blockLabel } from './pools/ip-range.js';

export type Tone = 'ok' | 'warn' | 'error' | 'pending' | 'muted';

export interface BondRow {
  cluster: string;
  node: string;
  bond: string;
  state: string;
  tone: Tone;
  slaves: string;
  lacp: string;
  mtu: string;
}

const speed = (mbit: number | undefined) => (mbit === undefined ? '' : mbit >= 1000 && mbit % 1000 === 0 ? ` ${mbit / 1000}G` : ` ${mbit}M`);

export function bondRow(nb: NodeBond): BondRow {
  const base = { cluster: nb.cluster, node: nb.node, bond: nb.bondName };
  if (nb.links === null && !nb.procfs) return { ...base, state: '✗ missing', tone: 'error', slaves: '', lacp: '', mtu: '' };
  if (!nb.links && !nb.procfs) return { ...base, state: '? unknown', tone: 'muted', slaves: nb.errors.procfs ?? nb.errors.links ?? '', lacp: '', mtu: '' };
  const s = bondSummary(nb);
  const down = s.slaves.filter((x) => x.mii !== 'up');
  const [state, tone]: [string, Tone] = s.up === false ? ['✗ down', 'error'] : down.length > 0 ? ['▲ degraded', 'warn'] : ['✓ up', 'ok'];
  const slaves = s.slaves
    .map((x) => `${x.name} ${x.mii === 'up' ? `up${speed(x.speedMbit)}` : x.mii}${x.linkFailures ? ` (${x.linkFailures} fail${x.linkFailures === 1 ? '' : 's'})` : ''}`)
    .join(', ');
  const lacp: string[] = [];
  if (s.mode && s.mode !== '802.3ad') lacp.push(s.mode);
  else {
    if (s.lacpRate) lacp.push(s.lacpRate);
    if (s.lacpActive) lacp.push(`active ${s.lacpActive}`);
    if (s.partnerMac === '00:00:00:00:00:00') lacp.push('no partner');
    if (s.activeAggregatorId === null) lacp.push('no aggregator');
    else if (s.activeAggregatorId !== undefined) lacp.push(`agg ${s.activeAggregatorId} ${s.activeAggregatorPorts ?? '?'}/${s.slaves.length}`);
  }
  return { ...base, state, tone, slaves, lacp: lacp.join(', '), mtu: s.mtu !== undefined ? String(s.mtu) : '' };
}

export const bondRows = (r: BondsReport): BondRow[] => r.clusters.flatMap((c) => c.nodes.map(bondRow));

export interface BgpRow {
  cluster: string;
  node: string;
  nodeIp: string;
  peer: string;
  cilium: string;
  ciliumTone: Tone;
  router: string;
  routerTone: Tone;
}

function sessionText(s: BgpSession, now: number, routes: string): string {
  const since = s.state === 'Established' ? s.establishedSinceMs : s.downSinceMs;
  const parts = [`${s.stateDetail && s.state !== 'Established' ? s.stateDetail : s.state}${since !== undefined ? ` ${shortDuration(now - since)}` : ''}`];
  if (s.state === 'Established') parts.push(routes);
  if (s.state === 'Established' && s.stateDetail) parts.push(s.stateDetail);
  if (s.holdTimeSeconds !== undefined && s.state === 'Established') parts.push(`hold ${s.holdTimeSeconds}s`);
  return parts.join(', ');
}
const tone = (s: BgpSession): Tone => (s.state === 'Established' ? (s.stateDetail ? 'warn' : 'ok') : 'error');

export function bgpRow(p: BgpPair, side: ClusterBgpSide | undefined, routerState: 'read' | 'error' | 'none', now: number): BgpRow {
  const row: BgpRow = { cluster: p.cluster, node: p.node, nodeIp: p.nodeIp ?? '', peer: p.peerAddress, cilium: '', ciliumTone: 'muted', router: '', routerTone: 'muted' };
  const c = p.cilium;
  if (c) {
    row.cilium = sessionText(c.session, now, `adv ${c.session.prefixesSent ?? 0} rcv ${c.session.prefixesReceived ?? 0}`);
    if (c.advertisedIgnored) row.cilium += ` (adv ${c.advertisedIgnored} ignored)`;
    row.ciliumTone = tone(c.session);
  } else {
    row.cilium = side?.error ? '? unread' : side?.cilium?.intent.legacyPolicies.length ? 'legacy policy: no status' : '— no session';
    row.ciliumTone = side?.error || side?.cilium?.intent.legacyPolicies.length ? 'muted' : 'warn';
  }
  if (p.router) {
    row.router = sessionText(p.router, now, `rcv ${p.router.prefixesReceived ?? 0} adv ${p.router.prefixesSent ?? 0}`);
    row.routerTone = tone(p.router);
  } else if (routerState === 'none') {
    row.router = 'not read (no router in plat.yaml)';
  } else if (!p.routerKnown) {
    row.router = 'not read (another router)';
  } else {
    row.router = routerState === 'error' ? '? unread' : '— no neighbor';
    row.routerTone = routerState === 'error' ? 'muted' : 'warn';
  }
  return row;
}

export function bgpRows(v: BgpView): BgpRow[] {
  const routerState = !v.router ? 'none' : v.router.error ? 'error' : 'read';
  return v.pairs.map((p) => bgpRow(p, v.clusters.find((c) => c.cluster === p.cluster), routerState, v.at));
}

export interface PoolRow {
  cluster: string;
  pool: string;
  blocks: string;
  usage: string;
  state: string;
  tone: Tone;
}

export interface ServiceRow {
  cluster: string;
  service: string;
  ips: string;
  state: string;
  tone: Tone;
}

export function poolRows(r: PoolsReport): { pools: PoolRow[]; services: ServiceRow[] } {
  const pools: PoolRow[] = [];
  const services: ServiceRow[] = [];
  for (const c of r.clusters) {
    if (c.error) pools.push({ cluster: c.cluster, pool: '?', blocks: c.configured.flatMap((p) => p.blocks.map(blockLabel)).join(', '), usage: '', state: '? unread', tone: 'muted' });
    for (const p of c.pools ?? []) {
      const used = p.used ?? (p.total !== undefined && p.available !== undefined ? p.total - p.available : undefined);
      const usage = p.total !== undefined && used !== undefined ? `${used}/${p.total}` : p.total !== undefined ? `?/${p.total}` : '?';
      const [state, tone]: [string, Tone] = p.conflict ? ['✗ conflict', 'error'] : p.disabled ? ['· disabled', 'muted'] : p.total && used !== undefined && used / p.total >= 0.9 ? ['▲ nearly full', 'warn'] : ['✓ ok', 'ok'];
      pools.push({ cluster: c.cluster, pool: p.name, blocks: p.blocks.map(blockLabel).join(', '), usage, state, tone });
    }
    for (const s of c.services ?? []) {
      const ok = s.ips.length > 0;
      services.push({ cluster: c.cluster, service: `${s.namespace}/${s.name}`, ips: s.ips.join(', '), state: ok ? '✓ assigned' : `▲ pending${s.ipam?.reason ? ` (${s.ipam.reason})` : ''}`, tone: ok ? 'ok' : 'warn' });
    }
  }
  return { pools, services };
}
