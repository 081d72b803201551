/**
 * The router's view of the twin's BGP sessions (one neighbor per node), for the router stand-in.
 * Message counters follow the keepalive timer so they grow like a real session's.
 */
import type { RouterModel, RouterNeighbor } from '../router/types.js';
import type { Twin } from './twin.js';

export function routerModelOf(twin: Twin): RouterModel {
  return {
    routerId: twin.router.address,
    localAs: twin.router.asn,
    hostname: twin.router.hostname,
    now: () => twin.clock.now(),
    neighbors(): RouterNeighbor[] {
      const now = twin.clock.now();
      return twin.clusters().flatMap((c) =>
        c.nodes.map((n) => {
          const up = n.bgp.state === 'Established';
          // keepalives both ways since the session came up, plus the OPEN/UPDATE exchange
          const keepalives = up ? Math.floor((now - n.bgp.since) / 1000 / n.bgp.keepalive) : 0;
          const history = (n.bgp.established - (up ? 1 : 0)) * 3;
          return {
            peerAddress: n.ip,
            remoteAs: c.asn,
            localAs: twin.router.asn,
            state: n.bgp.state,
            stateSinceMs: n.bgp.since,
            prefixesReceived: up ? n.bgp.advertised : 0,
            prefixesSent: 0,
            msgRcvd: keepalives + (up ? 2 + n.bgp.advertised : 0) + history,
            msgSent: keepalives + (up ? 2 : 0) + history,
            holdTime: up ? n.bgp.holdTime : 0,
            keepalive: up ? n.bgp.keepalive : 0,
            connectionsEstablished: n.bgp.established,
            connectionsDropped: n.bgp.dropped,
            description: n.name,
          };
        }),
      );
    },
  };
}
