/**
 * The dashboard's Network screen as a pure view model: per node one line for the bond (slaves,
 * LACP, MTU) and one per BGP session (Cilium's view ↔ the router's view), a selection that
 * windows to the screen height, and the drill-down lines. Lines are styled segments with the
 * same shape as views/segments.ts (`{ text, tone?, bold? }`), so the screen paints them as is.
 */
import { SEVERITY_MARK, sortFindings } from '../findings/index.js';
import type { Finding } from '../fleet/model.js';
import type { BgpPair } from './bgp/model.js';
import type { NodeBond } from './bond/model.js';
import { bgpRow, bondRow, type BgpRow, type BondRow, type Tone } from './rows.js';
import type { NetworkSnapshot } from './snapshot.js';

export interface NetSegment {
  text: string;
  tone?: Tone | 'accent';
  bold?: boolean;
}
export type NetLine = readonly NetSegment[];

export interface NetworkNodeItem {
  key: string;
  cluster: string;
  node: string;
  bond?: { row: BondRow; nb: NodeBond };
  sessions: Array<{ row: BgpRow; pair: BgpPair }>;
  findings: Finding[];
}

const nodeOfSubject = (f: Finding): string | undefined => /^bond\S* on (\S+)$/.exec(f.subject)?.[1] ?? /^BGP (\S+) ↔/.exec(f.subject)?.[1] ?? /^BGP on (\S+)$/.exec(f.subject)?.[1];

export function networkItems(snap: NetworkSnapshot): NetworkNodeItem[] {
  const items = new Map<string, NetworkNodeItem>();
  const item = (cluster: string, node: string) => {
    const key = `${cluster}/${node}`;
    let it = items.get(key);
    if (!it) items.set(key, (it = { key, cluster, node, sessions: [], findings: [] }));
    return it;
  };
  for (const c of snap.bonds.clusters) for (const nb of c.nodes) item(nb.cluster, nb.node).bond = { row: bondRow(nb), nb };
  const routerState = !snap.bgp.router ? 'none' : snap.bgp.router.error ? 'error' : 'read';
  for (const p of snap.bgp.pairs) {
    const side = snap.bgp.clusters.find((c) => c.cluster === p.cluster);
    item(p.cluster, p.node).sessions.push({ row: bgpRow(p, side, routerState, snap.bgp.at), pair: p });
  }
  for (const f of snap.findings) {
    const n = nodeOfSubject(f);
    const it = n ? items.get(`${f.cluster}/${n}`) : undefined;
    if (it) it.findings.push(f);
  }
  return [...items.values()];
}

/** Lines an item takes in the list: its bond line, one per session (at least one) and one per finding. */
export const itemHeight = (it: NetworkNodeItem): number => 1 + Math.max(1, it.sessions.length) + it.findings.length;

export function itemLines(it: NetworkNodeItem, selected: boolean, nameWidth: number): NetLine[] {
  const mark: NetSegment = { text: selected ? '› ' : '  ', tone: 'accent' };
  const name = `${it.cluster}/${it.node}`.padEnd(nameWidth);
  const worst = it.findings.some((f) => f.severity === 'critical') ? 'error' : it.findings.some((f) => f.severity === 'warning') ? 'warn' : undefined;
  const head: NetSegment[] = [mark, { text: name, bold: true, ...(worst ? { tone: worst } : {}) }, { text: '  ' }];
  const b = it.bond?.row;
  const bondLine: NetLine = b
    ? [...head, { text: `${b.bond} ` }, { text: b.state, tone: b.tone }, { text: `  ${b.slaves}`, tone: b.slaves ? undefined : 'muted' }, { text: b.lacp ? ` · ${b.lacp}` : '' }, { text: b.mtu ? ` · MTU ${b.mtu}` : '' }]
    : [...head, { text: 'bond not read', tone: 'muted' }];
  const pad = { text: ' '.repeat(2 + nameWidth + 2) };
  const sessionLines: NetLine[] = it.sessions.length
    ? it.sessions.map(({ row }) => [pad, { text: `BGP ↔ ${row.peer}  ` }, { text: 'cilium ', tone: 'muted' }, { text: row.cilium, tone: row.ciliumTone }, { text: '  │  ', tone: 'muted' }, { text: 'router ', tone: 'muted' }, { text: row.router, tone: row.routerTone }])
    : [[pad, { text: 'BGP: no session expected or reported', tone: 'muted' }]];
  // What is wrong, in words, under the node and less indented than the rest: at 60 columns the
  // bond and session lines are cut before the slave that is down or the router's side. The action
  // follows where there is room.
  const findingLines: NetLine[] = sortFindings(it.findings).map((f) => [
    { text: '    ' },
    { text: `${SEVERITY_MARK[f.severity].glyph} `, tone: SEVERITY_MARK[f.severity].tone },
    { text: f.what },
    { text: ` — ${f.action}`, tone: 'muted' },
  ]);
  return [bondLine, ...sessionLines, ...findingLines];
}

/** The visible window of the list: the selected item's lines always in view. */
export function networkListLines(items: readonly NetworkNodeItem[], selected: number, height: number): NetLine[] {
  if (items.length === 0) return [[{ text: 'No network data yet (syncing…)', tone: 'pending' }]];
  const nameWidth = Math.max(...items.map((i) => i.cluster.length + 1 + i.node.length));
  const all: NetLine[] = [];
  let selStart = 0;
  let selEnd = 0;
  items.forEach((it, i) => {
    if (i === selected) selStart = all.length;
    all.push(...itemLines(it, i === selected, nameWidth));
    if (i === selected) selEnd = all.length;
  });
  const h = Math.max(1, height);
  const offset = Math.max(0, Math.min(selStart, Math.max(selEnd - h, 0), all.length - h));
  return all.slice(offset, offset + h);
}

const title = (text: string): NetLine => [{ text, bold: true, tone: 'accent' }];
const kv = (k: string, v: string, tone?: Tone): NetLine => [{ text: `  ${k.padEnd(24)}`, tone: 'muted' }, { text: v, ...(tone ? { tone } : {}) }];

export function networkDetailLines(it: NetworkNodeItem, now: number): NetLine[] {
  const lines: NetLine[] = [[{ text: `${it.cluster} / ${it.node}`, bold: true }]];
  lines.push(...bondDetail(it.bond?.nb));
  for (const { pair } of it.sessions) lines.push(...sessionDetail(pair, now));
  if (it.findings.length) {
    lines.push([], title('Findings'));
    for (const f of it.findings) {
      const tone: Tone = f.severity === 'critical' ? 'error' : f.severity === 'warning' ? 'warn' : 'muted';
      lines.push([{ text: `  ${f.severity.padEnd(9)}`, tone }, { text: f.what }], [{ text: '    why: ', tone: 'muted' }, { text: f.why }], [{ text: '    do:  ', tone: 'muted' }, { text: f.action }]);
    }
  }
  return lines;
}

function bondDetail(nb: NodeBond | undefined): NetLine[] {
  const out: NetLine[] = [[], title(`Bond ${nb?.bondName ?? ''}`.trim())];
  if (!nb) return [...out, kv('state', 'not read', 'muted')];
  for (const [k, v] of Object.entries(nb.errors)) if (v) out.push(kv(`${k} error`, v, 'error'));
  const p = nb.procfs;
  const l = nb.links;
  if (l === null) out.push(kv('LinkStatus', `no link named ${nb.bondName}`, 'error'));
  if (l) out.push(kv('LinkStatus', `${l.bond.operationalState}, MTU ${l.bond.mtu}, mode ${l.settings.mode ?? '?'}, hash ${l.settings.xmitHashPolicy ?? '?'}, lacp ${l.settings.lacpRate ?? '?'}, adLacpActive ${l.settings.adLacpActive ?? '(absent)'}`));
  if (nb.talosVersion) out.push(kv('Talos', nb.talosVersion));
  if (p) {
    out.push(kv('mode', p.modeLabel ?? p.mode ?? '?'), kv('MII', `${p.miiStatus ?? '?'}, polling ${p.miiPollingMs ?? '?'} ms`), kv('hash policy', p.hashPolicy ?? '?'));
    out.push(kv('LACP', `rate ${p.lacpRate ?? '?'}, active ${p.lacpActive ?? '(not printed)'}`));
    const a = p.activeAggregator;
    out.push(kv('active aggregator', a === null ? 'none' : a ? `${a.id}, ${a.ports} port(s), partner ${a.partnerMac ?? '?'} key ${a.partnerKey ?? '?'}` : '(not printed)', a === null ? 'error' : undefined));
    for (const s of p.slaves) {
      out.push([{ text: `  slave ${s.name}`, bold: true }, { text: `  MII ${s.miiStatus}`, tone: s.miiStatus === 'up' ? 'ok' : 'error' }]);
      out.push(kv('  speed/duplex', `${s.speedMbit !== undefined ? `${s.speedMbit} Mb/s` : 'unknown'} ${s.duplex}`), kv('  link failures', String(s.linkFailureCount), s.linkFailureCount ? 'warn' : undefined));
      out.push(kv('  aggregator', s.aggregatorId !== undefined ? String(s.aggregatorId) : 'N/A'), kv('  permanent addr', s.permanentHwAddr ?? '?'));
      out.push(kv('  churn actor/partner', `${s.actorChurnState ?? '?'} (${s.actorChurnedCount ?? '?'}) / ${s.partnerChurnState ?? '?'} (${s.partnerChurnedCount ?? '?'})`));
      if (s.actor) out.push(kv('  actor pdu', `key ${s.actor.key ?? '?'} port ${s.actor.portNumber ?? '?'} state ${s.actor.portState ?? '?'}`));
      if (s.partner) out.push(kv('  partner pdu', `mac ${s.partner.systemMac ?? '?'} key ${s.partner.key ?? '?'} port ${s.partner.portNumber ?? '?'} state ${s.partner.portState ?? '?'}`));
    }
    for (const n of p.notes) out.push(kv('unparsed', n, 'muted'));
  }
  return out;
}

function sessionDetail(p: BgpPair, now: number): NetLine[] {
  const out: NetLine[] = [[], title(`BGP ${p.node}${p.nodeIp ? ` (${p.nodeIp})` : ''} ↔ ${p.peerAddress}`)];
  const c = p.cilium;
  if (c) {
    const s = c.session;
    out.push(kv('cilium state', `${s.state}${s.stateDetail ? ` (${s.stateDetail})` : ''}${s.establishedSinceMs !== undefined ? ` for ${Math.round((now - s.establishedSinceMs) / 1000)} s` : ''}`, s.state === 'Established' ? 'ok' : 'error'));
    out.push(kv('cilium AS', `${s.localAs} → ${s.remoteAs} (instance ${c.instance}, peer ${c.peerName}${c.peerConfig ? `, PeerConfig ${c.peerConfig}` : ''})`));
    out.push(kv('cilium timers', s.holdTimeSeconds !== undefined ? `hold ${s.holdTimeSeconds} s, keepalive ${s.keepaliveSeconds ?? '?'} s` : 'not negotiated'));
    for (const r of c.routeCount) out.push(kv(`routes ${r.afi}/${r.safi}`, `received ${r.received ?? '?'}, advertised ${r.advertised ?? '?'}${c.advertisedIgnored ? ' (ignored: not established)' : ''}`));
  } else out.push(kv('cilium', 'no session reported', 'muted'));
  const r = p.router;
  if (r) {
    const since = r.state === 'Established' ? r.establishedSinceMs : r.downSinceMs;
    out.push(kv('router state', `${r.state}${r.stateDetail ? ` (${r.stateDetail})` : ''}${since !== undefined ? ` for ${Math.round((now - since) / 1000)} s` : ''}`, r.state === 'Established' ? 'ok' : 'error'));
    out.push(kv('router AS', `${r.localAs} → ${r.remoteAs}${r.hostname ? `, hostname ${r.hostname}` : ''}${r.description ? `, "${r.description}"` : ''}`));
    out.push(kv('router prefixes', `received ${r.prefixesReceived ?? '?'}, sent ${r.prefixesSent ?? '?'}`));
    if (r.holdTimeSeconds !== undefined) out.push(kv('router timers', `hold ${r.holdTimeSeconds} s, keepalive ${r.keepaliveSeconds ?? '?'} s`));
    if (r.connectionsEstablished !== undefined) out.push(kv('connections', `${r.connectionsEstablished} established, ${r.connectionsDropped ?? 0} dropped`));
  } else out.push(kv('router', p.routerKnown ? 'no neighbor for this node (or router not read)' : 'another router: not read', 'muted'));
  return out;
}
