/**
 * Shape tests for the text-only talosctl commands (version, services, etcd, read, health,
 * config, upgrade, upgrade-k8s) and the error forms, against the samples in test/fixtures.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { loadScenario, Twin } from '../twin/index.js';
import { runTalosctl, streamTalosctl, writeTalosconfig } from './index.js';

const fixture = (area: string, name: string) => readFileSync(new URL(`../../../test/fixtures/${area}/${name}`, import.meta.url), 'utf8');
const sample = (name: string) => fixture('talos', name);
const dir = mkdtempSync(join(tmpdir(), 'plat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lab(scenario = 'healthy') {
  const clock = new ManualClock();
  const twin = new Twin(loadScenario(scenario), { clock });
  const talosconfig = writeTalosconfig(join(dir, `${scenario}-talosconfig`), twin.clusters());
  const run = (...argv: string[]) => runTalosctl(twin, argv, { talosconfig, cwd: dir });
  return { twin, clock, run, talosconfig };
}

const header = (text: string) => text.split('\n')[0]!.trim().split(/ {2,}/);
/** `Label:` / `LABEL` words at the start of each line. */
const labels = (text: string) => text.split('\n').map((l) => /^\s*([A-Za-z/ ]+?):?(\s{2,}|:|$)/.exec(l)?.[1] ?? '');

/** Advance a ManualClock step by step, letting promise continuations run in between. */
async function drive(clock: ManualClock, done: () => boolean, stepMs = 500, max = 400): Promise<void> {
  for (let i = 0; i < max && !done(); i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(stepMs);
  }
  await new Promise((r) => setImmediate(r));
}

describe('version', () => {
  it('Client block then one Server block per node, like version.txt', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'version');
    expect(r.exitCode).toBe(0);
    expect(labels(r.stdout)).toEqual(labels(sample('version.txt')));
    expect(r.stdout).toContain('\tBuilt:       \n');
  });

  it('≤1.13: one node down → WARNING multierror on stderr, exit 0 (talos.md fact 8)', async () => {
    const { twin, run } = lab();
    twin.fault('node-unreachable', 'infra-02');
    const r = await run('version');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/NODE:/g)).toHaveLength(2);
    expect(r.stderr).toBe('WARNING: 1 error occurred:\n\t* 10.25.11.12: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.25.11.12:50000: connect: no route to host"\n\n\n');
  });

  it('≤1.13: the only node down → `error getting version:` multierror like error-dashboard-node-down.txt, exit 1', async () => {
    const { twin, run } = lab();
    twin.reboot(twin.node('infra-02')!);
    (twin.clock as ManualClock).advance(1000);
    const r = await run('-n', '10.25.11.12', 'version');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^Client:\n[\s\S]*Server:\n$/);
    const theirs = sample('error-dashboard-node-down.txt').replace(/^failed to get node "10.0.20.3" version/, 'error getting version').replaceAll('10.0.20.3', '10.25.11.12');
    expect(r.stderr).toBe(theirs);
  });

  it('v1.14: `error getting version from node X:` and exit 1', async () => {
    const { twin, run } = lab();
    twin.talosctlVersion = 'v1.14.1';
    twin.fault('node-unreachable', 'infra-03');
    const r = await run('version');
    expect(r.stderr).toMatch(/^error getting version from node 10\.25\.11\.13: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10\.25\.11\.13:50000: connect: no route to host"\n$/);
    expect(r.exitCode).toBe(1);
  });
});

describe('services', () => {
  it('list: columns of service-list.txt, ages as Go durations', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'services');
    expect(header(r.stdout)).toEqual(header(sample('service-list.txt')));
    expect(r.stdout).toMatch(/^10\.25\.11\.11 +dashboard +Running +\? +\d+h\d+m\d+s ago +Process Process\(\["\/sbin\/dashboard"\]\) started with PID \d+$/m);
  });

  it('service etcd: the key/value block of service-etcd-detail.txt, events newest first', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'service', 'etcd');
    const ours = r.stdout.split('\n').map((l) => l.split(/ {2,}/)[0]);
    expect(ours.slice(0, 5)).toEqual(sample('service-etcd-detail.txt').split('\n').map((l) => l.split(/ {2,}/)[0]).slice(0, 5));
    expect(r.stdout).toMatch(/^EVENTS   \[Running\]: Health check successful \(\d+h\d+m\d+s ago\)\n {9}\[Running\]: /m);
  });
});

describe('etcd', () => {
  it('status: the v1.11+ columns of etcd-status.txt, trailing blanks kept, leader = a member', async () => {
    const r = await lab().run('etcd', 'status');
    expect(header(r.stdout)).toEqual(header(sample('etcd-status.txt')));
    const rows = r.stdout.split('\n').slice(1, -1);
    expect(rows).toHaveLength(3);
    expect(rows.every((l) => l.endsWith('3.6.0     '))).toBe(true);
    const leader = rows[0]!.split(/ {2,}/)[4];
    expect(rows.some((l) => l.split(/ {2,}/)[1] === leader)).toBe(true);
  });

  it('status: talosctl ≤1.10 prints the old layout without PROTOCOL/STORAGE', async () => {
    const { twin, run } = lab();
    twin.talosctlVersion = 'v1.10.7';
    const cols = header((await run('etcd', 'status')).stdout);
    expect(cols).toEqual(header(sample('etcd-status.txt')).filter((c) => c !== 'PROTOCOL' && c !== 'STORAGE'));
  });

  it('members with a worker in the list: table of etcd-members.txt + WARNING of etcd-members-worker-in-list.stderr.txt', async () => {
    const { run } = lab('large');
    const r = await run('-n', '10.25.12.11,10.25.12.14', 'etcd', 'members');
    expect(r.exitCode).toBe(0);
    expect(header(r.stdout)).toEqual(header(sample('etcd-members.txt')));
    expect(r.stderr).toBe(sample('etcd-members-worker-in-list.stderr.txt').replace('192.168.1.54', '10.25.12.14'));
  });

  it('alarm list prints nothing without alarms and the etcd-alarm-list.txt table with one', async () => {
    const { twin, run } = lab();
    expect(await run('-n', '10.25.11.11', 'etcd', 'alarm', 'list')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    twin.fault('etcd-alarm-nospace', 'infra-01');
    const r = await run('-n', '10.25.11.11', 'etcd', 'alarm', 'list');
    expect(header(r.stdout)).toEqual(header(sample('etcd-alarm-list.txt')));
    expect(r.stdout).toMatch(/^10\.25\.11\.11 +[0-9a-f]{16} +NOSPACE\n$/m);
    expect((await run('-n', '10.25.11.11', 'etcd', 'status')).stdout).toMatch(/memberID:\d+ alarm:NOSPACE $/m);
    await run('-n', '10.25.11.11', 'etcd', 'alarm', 'disarm');
    expect((await run('-n', '10.25.11.11', 'etcd', 'alarm', 'list')).stdout).toBe('');
  });

  it('snapshot: writes bbolt + sha256 trailer and prints the two lines of etcd-snapshot.txt', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'etcd', 'snapshot', 'db.snapshot');
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const pattern = (t: string) => t.replace(/hash [0-9a-f]{8}/, 'hash H').replace(/\d+/g, 'N');
    expect(pattern(r.stdout)).toBe(pattern(sample('etcd-snapshot.txt')));
    const file = readFileSync(join(dir, 'db.snapshot'));
    expect(file.length % 512).toBe(32);
    expect(createHash('sha256').update(file.subarray(0, file.length - 32)).digest()).toEqual(file.subarray(file.length - 32));
    expect(r.stdout).toContain(`(${file.length} bytes)`);
  });

  it('snapshot refuses several nodes with the usage text (fact 1)', async () => {
    const r = await lab().run('-n', '10.25.11.11,10.25.11.12', 'etcd', 'snapshot', 'x.db');
    expect(r.stderr).toMatch(/^command "etcd snapshot" is not supported with multiple nodes\n\nUsage:\n  talosctl etcd snapshot <path> \[flags\]\n/);
    expect(r.exitCode).toBe(1);
  });
});

describe('read /proc/net/bonding/bond0', () => {
  it('has the lines of the Talos samples, healthy and with a member down', async () => {
    const { twin, run } = lab();
    const healthy = await run('-n', '10.25.11.15', 'read', '/proc/net/bonding/bond0');
    const keys = (t: string) => t.split('\n').map((l) => l.split(':')[0]);
    expect(keys(healthy.stdout)).toEqual(keys(fixture('network', 'proc-net-bonding-bond0.talos.healthy.txt')));
    twin.fault('bond-slave-down', 'apps-02');
    const down = (await run('-n', '10.25.11.15', 'read', '/proc/net/bonding/bond0')).stdout;
    expect(keys(down)).toEqual(keys(fixture('network', 'proc-net-bonding-bond0.talos.slave-down.txt')));
    expect(down).toContain('Slave Interface: enp1s0f1\nMII Status: down\nSpeed: Unknown\nDuplex: Unknown\nLink Failure Count: 1\n');
    twin.heal('bond-slave-down', 'apps-02');
    twin.fault('lacp-partner-lost', 'apps-02');
    expect((await run('-n', '10.25.11.15', 'read', '/proc/net/bonding/bond0')).stdout).toContain('\tPartner Mac Address: 00:00:00:00:00:00\n');
  });
});

describe('health', () => {
  it('prints the checks of health.txt on stderr, in order', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'health');
    expect([r.exitCode, r.stdout]).toEqual([0, '']);
    const ours = r.stderr.trimEnd().split('\n');
    const theirs = sample('health.txt').trimEnd().split('\n');
    expect(ours[0]).toBe('discovered nodes: ["10.25.11.11" "10.25.11.12" "10.25.11.13"]');
    // Cilium replaces kube-proxy here: that check reports SKIP instead of OK
    expect(ours.slice(1)).toEqual(theirs.slice(1).map((l) => l.replace('kube-proxy to report ready: OK', 'kube-proxy to report ready: SKIP')));
  });

  it('waits on a failing check, reprints on change, and gives up with DeadlineExceeded', async () => {
    const { twin, clock, talosconfig } = lab();
    twin.setCordoned('infra-02', true);
    let stderr = '';
    let code: number | undefined;
    void streamTalosctl(twin, ['-n', '10.25.11.11', 'health', '--wait-timeout', '30s'], { talosconfig, cwd: dir }, { out: () => {}, err: (t) => (stderr += t), saveFile: async () => {} }).then((c) => (code = c));
    await drive(clock, () => code !== undefined);
    expect(code).toBe(1);
    expect(stderr).toContain('waiting for all k8s nodes to report schedulable: some nodes are not schedulable: [infra-02]\n');
    expect(stderr.endsWith('rpc error: code = DeadlineExceeded desc = context deadline exceeded\n')).toBe(true);
  });
});

describe('config', () => {
  it('contexts and info have the layout of config-contexts.reconstructed.txt and config-info.txt', async () => {
    const { run } = lab();
    const c = await run('config', 'contexts');
    expect(header(c.stdout)).toEqual(header(sample('config-contexts.reconstructed.txt')));
    expect(c.stdout).toMatch(/^\* +infra +10\.25\.11\.11,10\.25\.11\.12,10\.25\.11\.13 +10\.25\.11\.11,10\.25\.11\.12,10\.25\.11\.13$/m);
    const i = await run('--context', 'apps', 'config', 'info');
    expect(labels(i.stdout)).toEqual(labels(sample('config-info.txt')));
    expect((await run('--context', 'nope', 'version')).stderr).toBe('context "nope" is not defined\n');
  });
});

describe('bad input', () => {
  it('an unknown flag: cobra error, blank line, usage; exit 1', async () => {
    const r = await lab().run('etcd', 'status', '--bogus');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^unknown flag: --bogus\n\nUsage:\n  talosctl etcd status \[flags\]\n\nFlags:\n  -h, --help   help for status\n\nGlobal Flags:\n/);
    expect(r.stderr.endsWith("in order.\n\n")).toBe(true);
  });

  it('wrong argument counts and unknown commands use cobra wording', async () => {
    const { run } = lab();
    expect((await run('logs')).stderr.split('\n')[0]).toBe('accepts 1 arg(s), received 0');
    expect((await run('get')).stderr.split('\n')[0]).toBe('accepts between 1 and 2 arg(s), received 0');
    expect((await run('versoin')).stderr).toMatch(/^unknown command "versoin" for "talosctl"\n\nDid you mean this\?\n\tversion\n\n\nUsage:\n  talosctl \[command\]\n/);
    expect((await run('logs', 'kubelet', '--tail', 'x')).stderr.split('\n')[0]).toBe('invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax');
  });
});
