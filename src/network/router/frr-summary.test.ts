import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors/index.js';
import { parseFrrBgpSummary } from './frr-summary.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const now = Date.parse('2026-11-27T12:00:00Z');
const parse = (text: string) => parseFrrBgpSummary(text, { now });

function parseError(text: string): ParseError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('parseFrrBgpSummary on the FRR 10 sample (6 node peers, apps-2 Active)', () => {
  const sessions = parse(fixture('frr-show-bgp-summary.json'));

  it('returns one router session per peer, keyed by the node IP', () => {
    expect(sessions.map((s) => [s.peerAddress, s.state, s.remoteAs, s.localAs])).toEqual([
      ['10.25.11.11', 'Established', 64512, 64501],
      ['10.25.11.12', 'Established', 64512, 64501],
      ['10.25.11.13', 'Established', 64512, 64501],
      ['10.25.11.21', 'Established', 64513, 64501],
      ['10.25.11.22', 'Active', 64513, 64501],
      ['10.25.11.23', 'Established', 64513, 64501],
    ]);
    expect(sessions.every((s) => s.source === 'router')).toBe(true);
  });

  it('turns peerUptimeMsec into an established-since time and keeps counters', () => {
    expect(sessions[0]).toEqual({
      source: 'router',
      peerAddress: '10.25.11.11',
      remoteAs: 64512,
      localAs: 64501,
      state: 'Established',
      establishedSinceMs: now - 177_119_000,
      prefixesReceived: 2,
      prefixesSent: 0,
      hostname: 'infra-1',
      connectionsEstablished: 1,
      connectionsDropped: 0,
    });
  });

  it('gives a never-up peer no since-time and no hostname', () => {
    const down = sessions[4]!;
    expect(down.downSinceMs).toBeUndefined();
    expect(down.establishedSinceMs).toBeUndefined();
    expect(down.hostname).toBeUndefined();
    expect(down.connectionsEstablished).toBe(0);
  });
});

describe('parseFrrBgpSummary on real FRR 8.4.4 output', () => {
  it('reads the wrapped form with a description', () => {
    const [up, never] = parse(fixture('frr-8.4-show-bgp-summary.recorded.json'));
    expect(up).toMatchObject({ peerAddress: '127.0.0.2', state: 'Established', description: 'infra-01', hostname: 'vm', establishedSinceMs: now - 29_000 });
    expect(never).toMatchObject({ peerAddress: '127.0.0.3', state: 'Active', remoteAs: 64513 });
    expect(never!.downSinceMs).toBeUndefined();
  });

  it('reads the bare form of `show bgp ipv4 unicast summary json` the same way', () => {
    const wrapped = parse(fixture('frr-8.4-show-bgp-summary.recorded.json'));
    const bare = parse(fixture('frr-8.4-show-bgp-ipv4-unicast-summary.recorded.json'));
    expect(bare.map((s) => [s.peerAddress, s.state])).toEqual(wrapped.map((s) => [s.peerAddress, s.state]));
  });

  it('reports when a dropped session went down (peerUptimeMsec counts since the drop)', () => {
    const [dropped] = parse(fixture('frr-8.4-show-bgp-summary.after-drop.recorded.json'));
    expect(dropped).toMatchObject({ state: 'Active', downSinceMs: now - 4000, connectionsDropped: 1 });
    expect(dropped!.establishedSinceMs).toBeUndefined();
  });

  it('returns no sessions when the router has no peers', () => {
    expect(parse(fixture('frr-8.4-show-bgp-summary.no-peers.recorded.json'))).toEqual([]);
    expect(parse(fixture('frr-8.4-show-bgp-ipv4-unicast-summary.no-peers.recorded.json'))).toEqual([]);
  });
});

describe('parseFrrBgpSummary details', () => {
  const sample = JSON.parse(fixture('frr-show-bgp-summary.json')) as { ipv4Unicast: { peers: Record<string, Record<string, unknown>> } };

  it('merges a peer present in several address families and adds up its prefixes', () => {
    const v6 = structuredClone(sample.ipv4Unicast);
    const json = JSON.stringify({ ...sample, ipv6Unicast: v6 });
    const s = parse(json).find((x) => x.peerAddress === '10.25.11.11');
    expect(s?.prefixesReceived).toBe(4);
    expect(parse(json)).toHaveLength(6);
  });

  it('keeps FRR detail: Idle (Admin) and the Policy peer state', () => {
    const copy = structuredClone(sample);
    copy.ipv4Unicast.peers['10.25.11.22']!.state = 'Idle (Admin)';
    copy.ipv4Unicast.peers['10.25.11.11']!.peerState = 'Policy';
    const byIp = new Map(parse(JSON.stringify(copy)).map((s) => [s.peerAddress, s]));
    expect(byIp.get('10.25.11.22')).toMatchObject({ state: 'Idle', stateDetail: 'Idle (Admin)' });
    expect(byIp.get('10.25.11.11')).toMatchObject({ state: 'Established', stateDetail: 'Policy' });
  });

  it('accepts asdot AS numbers', () => {
    const copy = structuredClone(sample);
    copy.ipv4Unicast.peers['10.25.11.11']!.remoteAs = '1.10';
    expect(parse(JSON.stringify(copy))[0]!.remoteAs).toBe(65_546);
  });
});

describe('parseFrrBgpSummary on bad input', () => {
  it('names the command and quotes text output', () => {
    const e = parseError(fixture('frr-show-ip-bgp-sum.verbatim-issue35721.txt'));
    expect(e.message).toMatch(/^vtysh -c 'show bgp summary json': output is not JSON: "IPv4 Unicast Summary/);
    expect(e.message.length).toBeLessThan(200);
  });

  it('says truncated when the JSON stops early', () => {
    const text = fixture('frr-show-bgp-summary.json');
    expect(parseError(text.slice(0, text.length / 2)).message).toContain('output ends before the JSON does (truncated?)');
  });

  it('rejects empty output', () => {
    expect(parseError('  \n').message).toBe("vtysh -c 'show bgp summary json': printed nothing (expected JSON)");
  });

  it('points at the wrong part of a wrong shape', () => {
    const copy = JSON.parse(fixture('frr-show-bgp-summary.json')) as { ipv4Unicast: { peers: Record<string, Record<string, unknown>> } };
    delete copy.ipv4Unicast.peers['10.25.11.12']!.remoteAs;
    expect(parseError(JSON.stringify(copy)).message).toContain('unexpected JSON shape at ipv4Unicast.peers.10.25.11.12.remoteAs');
    expect(parseError('[1,2]').message).toContain('unexpected JSON shape at (top level)');
    // neighbor output fed to the summary parser
    expect(parseError(fixture('frr-show-bgp-neighbor.active.json')).message).toContain('unexpected JSON shape at 10.25.11.22.peers');
  });

  it('rejects a state it does not know', () => {
    const copy = JSON.parse(fixture('frr-show-bgp-summary.json')) as { ipv4Unicast: { peers: Record<string, Record<string, unknown>> } };
    copy.ipv4Unicast.peers['10.25.11.11']!.state = 'Dancing';
    expect(parseError(JSON.stringify(copy)).message).toContain('unknown BGP state "Dancing"');
  });

  it('uses the command it was given in messages', () => {
    expect(() => parseFrrBgpSummary('nope', { now, command: "vtysh -c 'show ip bgp summary json'" })).toThrow(
      /^vtysh -c 'show ip bgp summary json': output is not JSON/,
    );
  });
});
