/**
 * Parser of FRR `vtysh -c 'show bgp summary json'` (bgp_vty.c bgp_show_summary).
 *
 * Two layouts exist: without an address family FRR wraps each family's object in
 * `{"ipv4Unicast":{…}}` (also `show ip bgp summary json`); with one (`show bgp ipv4 unicast summary
 * json`) the family object is printed bare — recorded on FRR 8.4.4, see test/fixtures/network.
 * `{}` means no family has peers.
 */
import type { BgpSession } from './model.js';
import { checkShape, frrSessionBase, parseJsonOutput } from './json-output.js';
import { int, obj, oneOf, opt, rec, str, type Infer } from '../shape.js';

export const FRR_SUMMARY_COMMAND = "vtysh -c 'show bgp summary json'";

const count = int({ min: 0 });
const asn = oneOf(count, str(/^\d+(\.\d+)?$/));

const peerSchema = obj({
  remoteAs: asn,
  localAs: asn,
  state: str(),
  peerState: opt(str()),
  // FRR: "never" / 0 when the peer was never up; otherwise time since the last state change —
  // uptime while Established, time since the drop afterwards (recorded after-drop sample).
  peerUptimeMsec: opt(count),
  pfxRcd: opt(count),
  pfxSnt: opt(count),
  hostname: opt(str()),
  desc: opt(str()),
  connectionsEstablished: opt(count),
  connectionsDropped: opt(count),
});

const familySchema = obj({
  routerId: opt(str()),
  as: opt(asn),
  peers: rec(peerSchema),
});

const wrappedSchema = rec(familySchema);

type FrrPeer = Infer<typeof peerSchema>;

export function parseFrrBgpSummary(
  text: string,
  opts: { now: number; command?: string },
): BgpSession[] {
  const command = opts.command ?? FRR_SUMMARY_COMMAND;
  const json = parseJsonOutput(text, command);
  const bare = typeof json === 'object' && json !== null && !Array.isArray(json) && 'peers' in json;
  const families = bare
    ? [checkShape(familySchema, json, command, text)]
    : Object.values(checkShape(wrappedSchema, json, command, text));

  // A peer active in several families (ipv4Unicast + ipv6Unicast) is one session: merge by
  // address and add up its prefix counts.
  const byAddress = new Map<string, BgpSession>();
  for (const family of families) {
    for (const [address, peer] of Object.entries(family.peers)) {
      const session = toSession(address, peer, opts.now, command);
      const seen = byAddress.get(address);
      if (!seen) byAddress.set(address, session);
      else {
        seen.prefixesReceived = (seen.prefixesReceived ?? 0) + (session.prefixesReceived ?? 0);
        seen.prefixesSent = (seen.prefixesSent ?? 0) + (session.prefixesSent ?? 0);
      }
    }
  }
  return [...byAddress.values()];
}

function toSession(address: string, p: FrrPeer, now: number, command: string): BgpSession {
  const s = frrSessionBase(address, p, command);
  const state = s.state;
  // peerState `Policy`: Established but `bgp ebgp-requires-policy` drops every update.
  if (!s.stateDetail && p.peerState && p.peerState !== 'OK') s.stateDetail = p.peerState;
  const since = p.peerUptimeMsec;
  if (state === 'Established' && since !== undefined) s.establishedSinceMs = now - since;
  if (state !== 'Established' && since !== undefined && since > 0) s.downSinceMs = now - since;
  if (p.pfxRcd !== undefined) s.prefixesReceived = p.pfxRcd;
  if (p.pfxSnt !== undefined) s.prefixesSent = p.pfxSnt;
  if (p.desc !== undefined) s.description = p.desc;
  if (p.hostname !== undefined) s.hostname = p.hostname;
  if (p.connectionsEstablished !== undefined) s.connectionsEstablished = p.connectionsEstablished;
  if (p.connectionsDropped !== undefined) s.connectionsDropped = p.connectionsDropped;
  return s;
}
