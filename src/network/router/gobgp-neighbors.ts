/**
 * Parser of `gobgp neighbor -j` (gobgp v3 cmd/gobgp/neighbor.go: encoding/json over the protobuf
 * `[]*api.Peer`). Because of that: snake_case keys, enums as numbers (`session_state` 1 IDLE …
 * 6 ESTABLISHED), timestamps as `{"seconds":…}` epochs, and every zero value OMITTED — a missing
 * `accepted` means 0 (recorded gobgp 3.10 output). An empty neighbor list marshals as `null`.
 */
import { ParseError } from '../../errors/index.js';
import type { BgpFsmState, BgpSession } from './model.js';
import { checkShape, parseJsonOutput, sumDefined } from './json-output.js';
import { arr, int, lit, num, obj, oneOf, opt, str, type Infer } from '../shape.js';

export const GOBGP_NEIGHBORS_COMMAND = 'gobgp neighbor -j';

const SESSION_STATES: Record<number, BgpFsmState> = {
  1: 'Idle',
  2: 'Connect',
  3: 'Active',
  4: 'OpenSent',
  5: 'OpenConfirm',
  6: 'Established',
};
const count = int({ min: 0 });
const stamp = opt(obj({ seconds: opt(num()) }));
// gobgp v2 dumps used `peer_as` / `local_as` (osrg/gobgp#2082); v3 renamed them to *_asn.
const peerIds = {
  neighbor_address: opt(str()),
  peer_asn: opt(count),
  local_asn: opt(count),
  peer_as: opt(count),
  local_as: opt(count),
  description: opt(str()),
};

const peerSchema = obj({
  conf: obj(peerIds),
  state: obj({
    ...peerIds,
    session_state: opt(oneOf(count, str())),
    admin_state: opt(oneOf(count, str())),
  }),
  timers: opt(
    obj({
      config: opt(obj({ hold_time: opt(count), keepalive_interval: opt(count) })),
      state: opt(
        obj({
          negotiated_hold_time: opt(count),
          keepalive_interval: opt(count),
          uptime: stamp,
          downtime: stamp,
        }),
      ),
    }),
  ),
  transport: opt(obj({ local_address: opt(str()) })),
  afi_safis: opt(arr(obj({ state: opt(obj({ received: opt(count), accepted: opt(count), advertised: opt(count) })) }))),
});

const listSchema = oneOf(arr(peerSchema), lit(null));
type GobgpPeer = Infer<typeof peerSchema>;

export function parseGobgpNeighbors(text: string, opts: { now: number; command?: string }): BgpSession[] {
  const command = opts.command ?? GOBGP_NEIGHBORS_COMMAND;
  const peers = checkShape(listSchema, parseJsonOutput(text, command), command, text) ?? [];
  return peers.map((p) => toSession(p, opts.now, command));
}

function sessionState(raw: number | string | undefined, command: string): BgpFsmState {
  // Missing = 0 = UNKNOWN after omitempty; gobgp never reports it for a configured peer, so treat as Idle.
  if (raw === undefined || raw === 0) return 'Idle';
  if (typeof raw === 'number') {
    const s = SESSION_STATES[raw];
    if (s) return s;
  } else {
    const name = raw.replace(/^(SESSION_STATE_|BGP_FSM_)/i, '').toLowerCase();
    const s = Object.values(SESSION_STATES).find((v) => v.toLowerCase() === name);
    if (s) return s;
  }
  throw new ParseError(command, `unknown session_state ${JSON.stringify(raw)}`);
}

function toSession(p: GobgpPeer, now: number, command: string): BgpSession {
  const address = p.conf.neighbor_address ?? p.state.neighbor_address;
  const remoteAs = p.conf.peer_asn ?? p.state.peer_asn ?? p.conf.peer_as ?? p.state.peer_as;
  const localAs = p.conf.local_asn ?? p.state.local_asn ?? p.conf.local_as ?? p.state.local_as;
  if (address === undefined || remoteAs === undefined || localAs === undefined) {
    throw new ParseError(command, 'a neighbor lacks neighbor_address, peer_asn or local_asn');
  }
  const state = sessionState(p.state.session_state, command);
  const s: BgpSession = { source: 'router', peerAddress: address, remoteAs, localAs, state };
  // admin_state 1 = DOWN, 2 = PFX_CT (api.PeerState_AdminState), shown like FRR's "Idle (Admin)".
  const admin = p.state.admin_state;
  if (admin === 1 || admin === 'DOWN') s.stateDetail = 'Idle (Admin)';
  if (admin === 2 || admin === 'PFX_CT') s.stateDetail = 'Idle (PfxCt)';
  // Router clocks drift; a "since" in plat's future is clamped to now.
  const at = (sec: number | undefined) => (sec === undefined ? undefined : Math.min(sec * 1000, now));
  const ts = p.timers?.state;
  const up = at(ts?.uptime?.seconds);
  const down = at(ts?.downtime?.seconds);
  if (state === 'Established' && up !== undefined) s.establishedSinceMs = up;
  if (state !== 'Established' && down !== undefined) s.downSinceMs = down;
  const local = p.transport?.local_address;
  if (local && local !== '0.0.0.0' && local !== '::') s.localAddress = local;
  const fams = (p.afi_safis ?? []).map((f) => f.state ?? {});
  if (fams.length > 0) {
    s.prefixesReceived = sumDefined(fams.map((f) => f.accepted ?? 0));
    s.prefixesSent = sumDefined(fams.map((f) => f.advertised ?? 0));
  }
  const hold = state === 'Established' ? (ts?.negotiated_hold_time ?? p.timers?.config?.hold_time) : p.timers?.config?.hold_time;
  const keepalive =
    state === 'Established' ? (ts?.keepalive_interval ?? p.timers?.config?.keepalive_interval) : p.timers?.config?.keepalive_interval;
  if (hold !== undefined) s.holdTimeSeconds = hold;
  if (keepalive !== undefined) s.keepaliveSeconds = keepalive;
  const description = p.conf.description ?? p.state.description;
  if (description !== undefined) s.description = description;
  return s;
}
