import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors/index.js';
import { frrNeighborCommand, parseFrrBgpNeighbor } from './frr-neighbor.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const now = Date.parse('2026-11-27T12:00:00Z');
const parse = (text: string) => parseFrrBgpNeighbor(text, { now });

describe('parseFrrBgpNeighbor on the FRR 10 samples', () => {
  it('reads an Established neighbor with negotiated timers and prefix counters', () => {
    expect(parse(fixture('frr-show-bgp-neighbor.established.json'))).toEqual([
      {
        source: 'router',
        peerAddress: '10.25.11.11',
        localAddress: '10.25.11.1',
        remoteAs: 64512,
        localAs: 64501,
        state: 'Established',
        establishedSinceMs: now - 177_119_000,
        prefixesReceived: 2,
        prefixesSent: 0,
        holdTimeSeconds: 90,
        keepaliveSeconds: 30,
        hostname: 'infra-1',
        connectionsEstablished: 1,
        connectionsDropped: 0,
      },
    ]);
  });

  it('reads an Active neighbor that never came up: hostname "Unknown" dropped, no since-time', () => {
    const [s] = parse(fixture('frr-show-bgp-neighbor.active.json'));
    expect(s).toEqual({
      source: 'router',
      peerAddress: '10.25.11.22',
      remoteAs: 64513,
      localAs: 64501,
      state: 'Active',
      prefixesReceived: 0,
      holdTimeSeconds: 180,
      keepaliveSeconds: 60,
      connectionsEstablished: 0,
      connectionsDropped: 0,
    });
  });
});

describe('parseFrrBgpNeighbor on verbatim and recorded output', () => {
  it('reads all four neighbors of the MetalLB FRR 8.x dump, IPv6 families included', () => {
    const sessions = parse(fixture('frr-show-bgp-neighbors.verbatim-metallb.json'));
    expect(sessions.map((s) => [s.peerAddress, s.state, s.remoteAs, s.localAs])).toEqual([
      ['172.18.0.2', 'Active', 64512, 64512],
      ['172.18.0.3', 'Active', 64512, 64512],
      ['172.18.0.4', 'Active', 64512, 64512],
      ['fc00:f853:ccd:e793::4', 'Established', 64512, 64513],
    ]);
    expect(sessions[3]).toMatchObject({ establishedSinceMs: now, prefixesReceived: 0, prefixesSent: 0, hostname: 'kind-control-plane', localAddress: 'fc00:f853:ccd:e793::5' });
  });

  it('reads real FRR 8.4.4 output while up, after the drop, and never up', () => {
    expect(parse(fixture('frr-8.4-show-bgp-neighbor.established.recorded.json'))[0]).toMatchObject({
      state: 'Established',
      establishedSinceMs: now - 9000,
      description: 'infra-01',
      localAddress: '127.0.0.1',
      holdTimeSeconds: 90,
    });
    const [dropped] = parse(fixture('frr-8.4-show-bgp-neighbor.dropped.recorded.json'));
    expect(dropped).toMatchObject({ state: 'Active', downSinceMs: now - 4000, connectionsDropped: 1, hostname: 'vm' });
    expect(dropped!.localAddress).toBeUndefined(); // hostLocal "Unknown"
    const [never] = parse(fixture('frr-8.4-show-bgp-neighbor.never-up.recorded.json'));
    expect(never!.downSinceMs).toBeUndefined();
    expect(never!.state).toBe('Active');
  });

  it('returns nothing for {"bgpNoSuchNeighbor":true}', () => {
    expect(parse(fixture('frr-8.4-show-bgp-neighbor.no-such.recorded.json'))).toEqual([]);
  });
});

describe('parseFrrBgpNeighbor on bad input', () => {
  it('names the command, with the address when given', () => {
    const command = frrNeighborCommand('10.25.11.22');
    expect(command).toBe("vtysh -c 'show bgp neighbors 10.25.11.22 json'");
    expect(() => parseFrrBgpNeighbor('% Unknown command: show bgp neighbors', { now, command })).toThrow(
      `${command}: output is not JSON: "% Unknown command: show bgp neighbors"`,
    );
  });

  it('reports truncation and wrong shapes', () => {
    const text = fixture('frr-show-bgp-neighbor.established.json');
    expect(() => parse(text.slice(0, 200))).toThrow(/truncated/);
    expect(() => parse(fixture('frr-show-bgp-summary.json'))).toThrow(ParseError);
    expect(() => parse('{"10.0.0.1":{"remoteAs":1,"localAs":2}}')).toThrow(/unexpected JSON shape at 10\.0\.0\.1\.bgpState/);
  });
});
