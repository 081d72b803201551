/**
 * Parser of FRR `vtysh -c 'show bgp neighbors [<ip>] json'` (bgp_vty.c bgp_show_peer): an object
 * keyed by neighbor address; `{"bgpNoSuchNeighbor":true}` when the address is not configured.
 *
 * Time fields are relative to the router's "now": `bgpTimerUpMsec` while Established,
 * `lastResetTimerMsecs` since the last reset. A peer that never came up also carries
 * `lastResetTimerMsecs` (recorded FRR 8.4.4 never-up sample), so "down since" is only reported
 * once the session has been established at least once.
 */
import type { BgpSession } from './model.js';
import { checkShape, frrSessionBase, parseJsonOutput, sumDefined } from './json-output.js';
import { int, obj, oneOf, opt, rec, str } from '../shape.js';

export const frrNeighborCommand = (address?: string): string =>
  `vtysh -c 'show bgp neighbors ${address ? `${address} ` : ''}json'`;

const count = int({ min: 0 });
const asn = oneOf(count, str(/^\d+(\.\d+)?$/));

const familyInfoSchema = obj({
  acceptedPrefixCounter: opt(count),
  sentPrefixCounter: opt(count),
});

const neighborSchema = obj({
  remoteAs: asn,
  localAs: asn,
  bgpState: str(),
  nbrDesc: opt(str()),
  hostname: opt(str()),
  bgpTimerUpMsec: opt(count),
  bgpTimerHoldTimeMsecs: opt(count),
  bgpTimerKeepAliveIntervalMsecs: opt(count),
  addressFamilyInfo: opt(rec(familyInfoSchema)),
  connectionsEstablished: opt(count),
  connectionsDropped: opt(count),
  lastResetTimerMsecs: opt(count),
  hostLocal: opt(str()),
});

const neighborsSchema = rec(neighborSchema);

export function parseFrrBgpNeighbor(
  text: string,
  opts: { now: number; command?: string },
): BgpSession[] {
  const command = opts.command ?? frrNeighborCommand();
  const json = parseJsonOutput(text, command);
  if (typeof json === 'object' && json !== null && (json as Record<string, unknown>).bgpNoSuchNeighbor === true) {
    return [];
  }
  const neighbors = checkShape(neighborsSchema, json, command, text);
  return Object.entries(neighbors).map(([address, n]) => {
    const s = frrSessionBase(address, { state: n.bgpState, remoteAs: n.remoteAs, localAs: n.localAs }, command);
    const state = s.state;
    if (state === 'Established' && n.bgpTimerUpMsec !== undefined) s.establishedSinceMs = opts.now - n.bgpTimerUpMsec;
    const wasUp = (n.connectionsEstablished ?? 0) > 0;
    if (state !== 'Established' && wasUp && n.lastResetTimerMsecs !== undefined) {
      s.downSinceMs = opts.now - n.lastResetTimerMsecs;
    }
    // hostLocal is "Unknown" when there is no TCP connection (FRR 8.4 never-up sample).
    if (n.hostLocal !== undefined && n.hostLocal !== 'Unknown') s.localAddress = n.hostLocal;
    const families = Object.values(n.addressFamilyInfo ?? {});
    const received = sumDefined(families.map((f) => f.acceptedPrefixCounter));
    const sent = sumDefined(families.map((f) => f.sentPrefixCounter));
    if (received !== undefined) s.prefixesReceived = received;
    if (sent !== undefined) s.prefixesSent = sent;
    if (n.bgpTimerHoldTimeMsecs !== undefined) s.holdTimeSeconds = n.bgpTimerHoldTimeMsecs / 1000;
    if (n.bgpTimerKeepAliveIntervalMsecs !== undefined) s.keepaliveSeconds = n.bgpTimerKeepAliveIntervalMsecs / 1000;
    if (n.nbrDesc !== undefined) s.description = n.nbrDesc;
    // FRR 10 prints "Unknown" when the peer sent no hostname capability.
    if (n.hostname !== undefined && n.hostname !== 'Unknown') s.hostname = n.hostname;
    if (n.connectionsEstablished !== undefined) s.connectionsEstablished = n.connectionsEstablished;
    if (n.connectionsDropped !== undefined) s.connectionsDropped = n.connectionsDropped;
    return s;
  });
}
