import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGobgpNeighbors } from './gobgp-neighbors.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const now = Date.parse('2026-11-27T12:00:00Z');
const parse = (text: string) => parseGobgpNeighbors(text, { now });
type Peer = Record<string, Record<string, unknown> & { state?: Record<string, unknown> }>;

describe('parseGobgpNeighbors on the v3 sample', () => {
  it('maps the protobuf JSON into a router session', () => {
    expect(parse(fixture('gobgp-neighbor-j.v3.json'))).toEqual([
      {
        source: 'router',
        peerAddress: '10.25.11.11',
        localAddress: '10.25.11.1',
        remoteAs: 64512,
        localAs: 64501,
        state: 'Established',
        establishedSinceMs: 1_760_257_081_000,
        prefixesReceived: 2,
        prefixesSent: 0,
        holdTimeSeconds: 90,
        keepaliveSeconds: 30,
      },
    ]);
  });
});

describe('parseGobgpNeighbors on real gobgp 3.10 output', () => {
  const [up, active] = parse(fixture('gobgp-3.10-neighbor-j.recorded.json'));

  it('reads the Established peer although zero counters and state.local_asn are omitted', () => {
    expect(up).toMatchObject({ peerAddress: '127.0.0.1', state: 'Established', remoteAs: 64501, localAs: 64512, prefixesReceived: 0, holdTimeSeconds: 90 });
    expect(up!.establishedSinceMs).toBe(1_795_741_172_000);
  });

  it('reads the Active peer with its downtime and no local address (0.0.0.0)', () => {
    expect(active).toMatchObject({ peerAddress: '127.0.0.9', state: 'Active', remoteAs: 64513, downSinceMs: 1_795_741_186_000 });
    expect(active!.localAddress).toBeUndefined();
    expect(active!.establishedSinceMs).toBeUndefined();
  });
});

describe('parseGobgpNeighbors variants', () => {
  const sample = () => JSON.parse(fixture('gobgp-neighbor-j.v3.json')) as Peer[];

  it('treats null (no neighbors) as an empty list', () => {
    expect(parse('null\n')).toEqual([]);
    expect(parse('[]')).toEqual([]);
  });

  it('maps every numeric session_state and admin-down', () => {
    const states = [1, 2, 3, 4, 5, 6].map((n) => {
      const p = sample();
      p[0]!.state!.session_state = n;
      return parse(JSON.stringify(p))[0]!.state;
    });
    expect(states).toEqual(['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established']);
    const p = sample();
    p[0]!.state!.session_state = 1;
    p[0]!.state!.admin_state = 1;
    expect(parse(JSON.stringify(p))[0]).toMatchObject({ state: 'Idle', stateDetail: 'Idle (Admin)' });
  });

  it('accepts enum names and the v2 peer_as/local_as names (osrg/gobgp#2082)', () => {
    const p = sample();
    p[0]!.state!.session_state = 'ESTABLISHED';
    p[0]!.conf = { neighbor_address: '10.25.11.11', peer_as: 64512, local_as: 64501 };
    delete p[0]!.state!.local_asn;
    delete p[0]!.state!.peer_asn;
    expect(parse(JSON.stringify(p))[0]).toMatchObject({ state: 'Established', remoteAs: 64512, localAs: 64501 });
  });

  it('clamps a since-time in the future (router clock ahead) to now', () => {
    const p = sample();
    (p[0]!.timers as { state: { uptime: { seconds: number } } }).state.uptime.seconds = now / 1000 + 3600;
    expect(parse(JSON.stringify(p))[0]!.establishedSinceMs).toBe(now);
  });
});

describe('parseGobgpNeighbors on bad input', () => {
  it('explains gobgp errors, truncation and wrong shapes, naming the command', () => {
    expect(() => parse('rpc error: code = Unavailable desc = connection error')).toThrow(
      /^gobgp neighbor -j: output is not JSON: "rpc error/,
    );
    const text = fixture('gobgp-neighbor-j.v3.json');
    expect(() => parse(text.slice(0, 300))).toThrow(/truncated/);
    expect(() => parse('{"error":"not found neighbor 10.1.1.1"}')).toThrow(/unexpected JSON shape at \(top level\)/);
    expect(() => parse('[{"conf":{}}]')).toThrow(/unexpected JSON shape at 0\.state/);
    expect(() => parse('[{"conf":{},"state":{"session_state":6}}]')).toThrow(/lacks neighbor_address/);
    expect(() => parse('[{"conf":{"neighbor_address":"a","peer_asn":1,"local_asn":2},"state":{"session_state":9}}]')).toThrow(
      'gobgp neighbor -j: unknown session_state 9',
    );
  });
});
