/**
 * `gobgp neighbor -j` as gobgp v3 prints it: one line of encoding/json over `[]*api.Peer`
 * (snake_case, numeric enums, `{"seconds":…}` stamps) in the field order of the protobuf structs
 * (test/fixtures/network/gobgp-neighbor-j.v3.json). Zero values are omitted, as Go's omitempty
 * does (recorded gobgp 3.10 output: a fresh peer has `"messages":{"received":{},"sent":{}}`).
 */
import { messageSplit } from './peer-time.js';
import type { RouterModel, RouterNeighbor } from './types.js';

const SESSION_STATE = { Idle: 1, Connect: 2, Active: 3, OpenSent: 4, OpenConfirm: 5, Established: 6 } as const;

/** Drop keys whose value is 0, '', false or undefined (Go `omitempty`). */
function omitEmpty<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0 && v !== '' && v !== false && v !== undefined)) as Partial<T>;
}

export function gobgpNeighborsText(model: RouterModel): string {
  const peers = model.neighbors().map((n) => peerObject(model, n));
  // encoding/json marshals an empty (nil) slice as null.
  return `${JSON.stringify(peers.length === 0 ? null : peers)}\n`;
}

function peerObject(model: RouterModel, n: RouterNeighbor): unknown {
  const up = n.state === 'Established';
  const type = n.remoteAs === n.localAs ? 0 : 1; // PeerType: 0 INTERNAL, 1 EXTERNAL
  const ids = omitEmpty({ description: n.description, local_asn: n.localAs, neighbor_address: n.peerAddress, peer_asn: n.remoteAs, type });
  const messages = (total: number, prefixes: number) => {
    const m = messageSplit(total, prefixes);
    return omitEmpty({ update: m.update, open: m.open, keepalive: m.keepalive, total });
  };
  const seconds = Math.floor(n.stateSinceMs / 1000);
  return {
    apply_policy: { import_policy: { direction: 1 }, export_policy: { direction: 2 } },
    conf: ids,
    ebgp_multihop: {},
    route_reflector: {},
    // PeerState field order: description, local_asn, messages, neighbor_address, peer_asn, type, queues…
    state: {
      ...omitEmpty({ description: n.description, local_asn: n.localAs }),
      messages: { received: messages(n.msgRcvd, n.prefixesReceived), sent: messages(n.msgSent, n.prefixesSent) },
      ...omitEmpty({ neighbor_address: n.peerAddress, peer_asn: n.remoteAs, type }),
      queues: {},
      session_state: SESSION_STATE[n.state],
      ...(up ? { router_id: n.peerAddress } : {}),
    },
    timers: {
      config: { connect_retry: 120, hold_time: n.holdTime, keepalive_interval: n.keepalive },
      state: up
        ? { keepalive_interval: n.keepalive, negotiated_hold_time: n.holdTime, uptime: { seconds } }
        : { downtime: { seconds } },
    },
    transport: up ? { local_address: model.routerId, remote_port: 179 } : { local_address: '0.0.0.0' },
    route_server: {},
    graceful_restart: {},
    afi_safis: [
      {
        config: { family: { afi: 1, safi: 1 }, enabled: true },
        state: {
          family: { afi: 1, safi: 1 },
          enabled: true,
          ...(up ? omitEmpty({ received: n.prefixesReceived, accepted: n.prefixesReceived, advertised: n.prefixesSent }) : {}),
        },
      },
    ],
    ttl_security: {},
  };
}
