import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFrrBgpNeighbor, parseFrrBgpSummary, parseGobgpNeighbors } from '../../network/index.js';
import { createRouterModel } from './fixed-model.js';
import { answerRouterCommand } from './router-commands.js';
import type { RouterNeighbor } from './types.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const now = Date.parse('2026-11-27T12:00:00Z');

const neighbor = (ip: string, remoteAs: number, over: Partial<RouterNeighbor> = {}): RouterNeighbor => ({
  peerAddress: ip,
  remoteAs,
  localAs: 64501,
  state: 'Established',
  stateSinceMs: now - 177_119_000,
  prefixesReceived: 2,
  prefixesSent: 0,
  msgRcvd: 5910,
  msgSent: 5905,
  holdTime: 90,
  keepalive: 30,
  connectionsEstablished: 1,
  connectionsDropped: 0,
  hostname: `node-${ip.split('.').pop()}`,
  ...over,
});

const model = createRouterModel({
  routerId: '10.25.11.1',
  localAs: 64501,
  hostname: 'router',
  now: () => now,
  neighbors: [
    neighbor('10.25.11.11', 64512, { description: 'infra-01' }),
    neighbor('10.25.11.15', 64513, { state: 'Active', stateSinceMs: now - 60_000, connectionsEstablished: 0, msgRcvd: 0, msgSent: 0, prefixesReceived: 0 }),
    neighbor('10.25.11.16', 64513, { state: 'Active', stateSinceMs: now - 4000, connectionsDropped: 1, prefixesReceived: 0 }),
  ],
});

const frr = (command: string) => answerRouterCommand(model, 'frr', command);
const keys = (o: unknown) => Object.keys(o as object);
type Obj = Record<string, unknown>;

describe('vtysh show bgp summary json', () => {
  const out = frr("vtysh -c 'show bgp summary json'");
  const family = (JSON.parse(out.stdout) as { ipv4Unicast: Obj }).ipv4Unicast;
  const sample = (JSON.parse(fixture('frr-show-bgp-summary.json')) as { ipv4Unicast: Obj & { peers: Record<string, Obj> } }).ipv4Unicast;

  it('has the layout and key order of the FRR sample', () => {
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout.startsWith('{\n"ipv4Unicast":{\n  "routerId":"10.25.11.1",\n')).toBe(true);
    expect(keys(family)).toEqual(keys(sample).filter((k) => !k.startsWith('peerGroup')));
    const peers = family.peers as Record<string, Obj>;
    expect(keys(peers)).toEqual(['10.25.11.11', '10.25.11.15', '10.25.11.16']);
    const withoutDesc = (k: string[]) => k.filter((x) => x !== 'desc');
    expect(withoutDesc(keys(peers['10.25.11.11']))).toEqual(keys(sample.peers['10.25.11.11']));
    expect(keys(peers['10.25.11.15'])).toEqual(keys(sample.peers['10.25.11.22']));
    // desc sits just before idType (recorded FRR 8.4.4)
    expect(keys(peers['10.25.11.11']).slice(-2)).toEqual(['desc', 'idType']);
  });

  it('uses the same value types as the sample', () => {
    const ours = (family.peers as Record<string, Obj>)['10.25.11.11']!;
    const theirs = sample.peers['10.25.11.11']!;
    for (const k of keys(theirs)) expect([k, typeof ours[k]]).toEqual([k, typeof theirs[k]]);
    expect(ours).toMatchObject({ peerUptime: '2d01h11m', peerUptimeMsec: 177_119_000, state: 'Established', pfxRcd: 2 });
  });

  it('parses back into exactly the model', () => {
    const sessions = parseFrrBgpSummary(out.stdout, { now });
    expect(sessions.map((s) => [s.peerAddress, s.state, s.establishedSinceMs, s.downSinceMs, s.prefixesReceived])).toEqual([
      ['10.25.11.11', 'Established', now - 177_119_000, undefined, 2],
      ['10.25.11.15', 'Active', undefined, undefined, 0],
      ['10.25.11.16', 'Active', undefined, now - 4000, 0],
    ]);
  });

  it('answers the other spellings: show ip bgp (wrapped) and ipv4 unicast (bare)', () => {
    expect(frr("vtysh -c 'show ip bgp summary json'").stdout).toBe(out.stdout);
    const bare = frr('vtysh -c "show bgp ipv4 unicast summary json"').stdout;
    expect(JSON.parse(bare)).toEqual(family);
  });

  it('prints {} forms like FRR when there are no peers', () => {
    const empty = createRouterModel({ routerId: '10.25.11.1', localAs: 64501, hostname: 'r', neighbors: [] });
    expect(answerRouterCommand(empty, 'frr', "vtysh -c 'show bgp summary json'").stdout).toBe(fixture('frr-8.4-show-bgp-summary.no-peers.recorded.json'));
    expect(answerRouterCommand(empty, 'frr', "vtysh -c 'show bgp ipv4 unicast summary json'").stdout).toBe(
      fixture('frr-8.4-show-bgp-ipv4-unicast-summary.no-peers.recorded.json'),
    );
  });
});

describe('vtysh show bgp neighbors <ip> json', () => {
  const sampleKeys = (name: string) => keys(Object.values(JSON.parse(fixture(name)) as Record<string, Obj>)[0]).filter((k) => k !== 'peerGroup');

  it('has the key order of the FRR 10 samples, Established and Active', () => {
    const up = JSON.parse(frr("vtysh -c 'show bgp neighbors 10.25.11.11 json'").stdout) as Record<string, Obj>;
    expect(keys(up)).toEqual(['10.25.11.11']);
    // nbrDesc follows remoteRole (recorded FRR 8.4.4)
    expect(keys(up['10.25.11.11']).filter((k) => k !== 'nbrDesc')).toEqual(sampleKeys('frr-show-bgp-neighbor.established.json'));
    const down = JSON.parse(frr("vtysh -c 'show bgp neighbors 10.25.11.15 json'").stdout) as Record<string, Obj>;
    expect(keys(down['10.25.11.15'])).toEqual(sampleKeys('frr-show-bgp-neighbor.active.json'));
    expect(frr("vtysh -c 'show bgp neighbors 10.25.11.11 json'").stdout).toContain('"softwareVersion":"n\\/a"');
  });

  it('parses back into the model', () => {
    const all = parseFrrBgpNeighbor(frr("vtysh -c 'show bgp neighbors json'").stdout, { now });
    expect(all.map((s) => [s.peerAddress, s.state, s.establishedSinceMs, s.downSinceMs, s.holdTimeSeconds, s.description])).toEqual([
      ['10.25.11.11', 'Established', now - 177_119_000, undefined, 90, 'infra-01'],
      ['10.25.11.15', 'Active', undefined, undefined, 90, undefined],
      ['10.25.11.16', 'Active', undefined, now - 4000, 90, undefined],
    ]);
  });

  it('answers an unknown neighbor like FRR: bgpNoSuchNeighbor, exit 0', () => {
    expect(frr("vtysh -c 'show bgp neighbors 10.9.9.9 json'")).toEqual({ stdout: fixture('frr-8.4-show-bgp-neighbor.no-such.recorded.json'), stderr: '', code: 0 });
  });
});

describe('gobgp neighbor -j', () => {
  const out = answerRouterCommand(model, 'gobgp', 'gobgp neighbor -j');
  const peers = JSON.parse(out.stdout) as Obj[];
  const sample = (JSON.parse(fixture('gobgp-neighbor-j.v3.json')) as Obj[])[0]!;

  it('is one line of JSON in the v3 shape', () => {
    expect(out.code).toBe(0);
    expect(out.stdout.endsWith('}]\n')).toBe(true);
    expect(out.stdout.trim()).not.toContain('\n');
    expect(keys(peers[0])).toEqual(keys(sample));
    const conf = (peers[1]!.conf ?? {}) as Obj;
    expect(keys(conf)).toEqual(keys(sample.conf));
    expect(keys(peers[0]!.state).filter((k) => k !== 'description')).toEqual(keys(sample.state));
    expect(peers[0]!.timers).toEqual({
      config: { connect_retry: 120, hold_time: 90, keepalive_interval: 30 },
      state: { keepalive_interval: 30, negotiated_hold_time: 90, uptime: { seconds: Math.floor((now - 177_119_000) / 1000) } },
    });
    expect((peers[0]!.conf as Obj).description).toBe('infra-01');
  });

  it('omits zero values as Go does', () => {
    const fresh = peers[1] as { state: Obj; afi_safis: Array<{ state: Obj }> };
    expect(fresh.state.messages).toEqual({ received: {}, sent: {} });
    expect(fresh.state.session_state).toBe(3);
    expect(keys(fresh.afi_safis[0]!.state)).toEqual(['family', 'enabled']);
  });

  it('parses back into the model', () => {
    expect(parseGobgpNeighbors(out.stdout, { now }).map((s) => [s.peerAddress, s.state, s.establishedSinceMs, s.downSinceMs])).toEqual([
      ['10.25.11.11', 'Established', now - 177_119_000, undefined],
      ['10.25.11.15', 'Active', undefined, now - 60_000],
      ['10.25.11.16', 'Active', undefined, now - 4000],
    ]);
  });

  it('prints null for no neighbors', () => {
    const empty = createRouterModel({ routerId: '10.25.11.1', localAs: 64501, hostname: 'r', neighbors: [] });
    expect(answerRouterCommand(empty, 'gobgp', 'gobgp neighbor -j').stdout).toBe('null\n');
  });
});

describe('commands a router does not have', () => {
  it('is "command not found" (127) for the other flavor and anything else', () => {
    expect(answerRouterCommand(model, 'gobgp', "vtysh -c 'show bgp summary json'")).toEqual({ stdout: '', stderr: 'bash: vtysh: command not found\n', code: 127 });
    expect(answerRouterCommand(model, 'frr', 'gobgp neighbor -j')).toEqual({ stdout: '', stderr: 'bash: gobgp: command not found\n', code: 127 });
    expect(frr('ls /')).toMatchObject({ stderr: 'bash: ls: command not found\n', code: 127 });
    expect(frr('/opt/frr/vtysh -c x')).toMatchObject({ stderr: 'bash: /opt/frr/vtysh: No such file or directory\n', code: 127 });
    expect(frr("/usr/bin/vtysh -c 'show bgp summary json'").code).toBe(0);
  });

  it('answers vtysh mistakes like real vtysh (recorded FRR 8.4.4)', () => {
    expect(frr("vtysh -c 'garbage'")).toEqual({ stdout: fixture('frr-8.4-vtysh-unknown-command.recorded.txt'), stderr: '', code: 1 });
    expect(frr('vtysh -c show bgp summary json')).toEqual({ stdout: '% Command incomplete: show\n', stderr: '', code: 1 });
    expect(frr('vtysh -x')).toEqual({ stdout: '', stderr: "vtysh: invalid option -- 'x'\nTry `vtysh --help' for more information.\n", code: 1 });
    expect(frr('vtysh --version').stderr).toBe("vtysh: unrecognized option '--version'\nTry `vtysh --help' for more information.\n");
    expect(frr('vtysh -c').stderr).toContain("option requires an argument -- 'c'");
    const two = frr("vtysh -c 'show bgp summary json' -c 'garbage' -c 'show bgp summary json'");
    expect(two.code).toBe(1);
    expect(two.stdout.endsWith('}\n% Unknown command: garbage\n')).toBe(true);
  });

  it('says plainly what the lab does not simulate', () => {
    expect(frr("vtysh -c 'show bgp summary'")).toMatchObject({ code: 1 });
    expect(frr("vtysh -c 'show bgp summary'").stdout).toContain('lab router simulates only the JSON forms');
    expect(answerRouterCommand(model, 'gobgp', 'gobgp neighbor').stderr).toContain('simulates only `gobgp neighbor -j`');
    expect(answerRouterCommand(model, 'gobgp', 'gobgp bogus')).toEqual({
      stdout: '',
      stderr: 'Error: unknown command "bogus" for "gobgp"\nRun \'gobgp --help\' for usage.\n',
      code: 0,
    });
  });
});
