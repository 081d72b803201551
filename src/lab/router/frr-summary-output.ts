/**
 * `show bgp summary json` as FRR 10 prints it (bgp_vty.c bgp_show_summary; key order as in
 * test/fixtures/network/frr-show-bgp-summary.json, layout checked against real FRR 8.4.4 output).
 */
import { printJsonC, type JsonC } from './json-c.js';
import { frrUptime, peerTime } from './peer-time.js';
import type { RouterModel, RouterNeighbor } from './types.js';

// Per-object memory FRR reports; only their presence and type matter to readers.
const RIB_ENTRY_BYTES = 160;
const PEER_BYTES = 23_528;

/**
 * `wrapped`: no address family on the command line → `{"ipv4Unicast":{…}}`, and `{`, newline, `}`
 * when there are no peers; with `ipv4 unicast` the family object is printed bare, and `{}` when empty.
 */
export function frrSummaryText(model: RouterModel, wrapped: boolean): string {
  const neighbors = model.neighbors();
  if (neighbors.length === 0) return wrapped ? '{\n}\n' : '{}\n';
  const body = printJsonC(familyObject(model, neighbors), { escapeSlash: false });
  return wrapped ? `{\n"ipv4Unicast":${body}\n}\n` : `${body}\n`;
}

function familyObject(model: RouterModel, neighbors: RouterNeighbor[]): JsonC {
  const up = neighbors.filter((n) => n.state === 'Established');
  const ribCount = up.reduce((sum, n) => sum + n.prefixesReceived, 0);
  const peers: Record<string, JsonC> = {};
  for (const n of neighbors) peers[n.peerAddress] = peerObject(n, model.now(), ribCount);
  return {
    routerId: model.routerId,
    as: model.localAs,
    vrfId: 0,
    vrfName: 'default',
    tableVersion: ribCount,
    ribCount,
    ribMemory: ribCount * RIB_ENTRY_BYTES,
    peerCount: neighbors.length,
    peerMemory: neighbors.length * PEER_BYTES,
    peers,
    failedPeers: neighbors.length - up.length,
    displayedPeers: neighbors.length,
    totalPeers: neighbors.length,
    dynamicPeers: 0,
    bestPath: { multiPathRelax: 'false' },
  };
}

function peerObject(n: RouterNeighbor, now: number, tableVersion: number): JsonC {
  const t = peerTime(n, now);
  const established = n.state === 'Established';
  return {
    // The hostname capability is remembered after a drop (recorded after-drop sample), absent before the first OPEN.
    hostname: n.connectionsEstablished > 0 ? n.hostname : undefined,
    softwareVersion: 'n/a',
    remoteAs: n.remoteAs,
    localAs: n.localAs,
    version: 4,
    msgRcvd: n.msgRcvd,
    msgSent: n.msgSent,
    tableVersion: established ? tableVersion : 0,
    outq: 0,
    inq: 0,
    peerUptime: frrUptime(t),
    peerUptimeMsec: t.neverUp ? 0 : t.seconds * 1000,
    // Present whenever the peer has an uptime stamp; for a down peer it is when it went down.
    peerUptimeEstablishedEpoch: t.neverUp ? undefined : Math.floor(now / 1000) - t.seconds,
    pfxRcd: established ? n.prefixesReceived : 0,
    pfxSnt: established ? n.prefixesSent : 0,
    state: n.state,
    peerState: 'OK',
    connectionsEstablished: n.connectionsEstablished,
    connectionsDropped: n.connectionsDropped,
    desc: n.description,
    idType: n.peerAddress.includes(':') ? 'ipv6' : 'ipv4',
  };
}
