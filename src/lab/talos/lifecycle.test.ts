/**
 * Long-running talosctl commands on a ManualClock: upgrade (non-TTY tracker), reboot,
 * upgrade-k8s, logs -f.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { loadScenario, Twin } from '../twin/index.js';
import { streamTalosctl, writeTalosconfig } from './index.js';

const sample = (name: string) => readFileSync(new URL(`../../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'plat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(argv: string[], prepare?: (twin: Twin) => void) {
  const clock = new ManualClock();
  const twin = new Twin(loadScenario('healthy'), { clock });
  prepare?.(twin);
  const talosconfig = writeTalosconfig(join(dir, 'talosconfig'), twin.clusters());
  const abort = new AbortController();
  const io = { stdout: '', stderr: '', code: undefined as number | undefined };
  void streamTalosctl(twin, argv, { talosconfig, cwd: dir, signal: abort.signal }, {
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    saveFile: async () => {},
  }).then((c) => (io.code = c));
  const drive = async (until: () => boolean, stepMs = 250, max = 2000) => {
    for (let i = 0; i < max && !until(); i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(stepMs);
    }
    await new Promise((r) => setImmediate(r));
  };
  return { twin, clock, io, abort, drive };
}

const phaseTaskLines = (text: string) => text.split('\n').filter((l) => /: (phase|task): /.test(l)).map((l) => l.replace(/^"[^"]+": /, ''));

describe('upgrade', () => {
  it('tracks the node through the legacy sequence to `post check passed`, on stderr, exit 0', async () => {
    const { twin, io, drive } = start(['-n', '10.25.11.12', 'upgrade', '--image', 'ghcr.io/siderolabs/installer:v1.11.6']);
    await drive(() => io.code !== undefined);
    expect(io.code).toBe(0);
    expect(io.stdout).toBe('');
    const lines = io.stderr.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('"10.25.11.12": '))).toBe(true);
    expect(lines[0]).toBe('"10.25.11.12": waiting for actor ID');
    expect(lines[1]).toMatch(/^"10\.25\.11\.12": actor ID: [0-9a-f-]{36}$/);
    expect(lines).toContain('"10.25.11.12": sequence: upgrade action: START');
    expect(lines).toContain('"10.25.11.12": unavailable, retrying...');
    expect(lines).toContain('"10.25.11.12": stage: BOOTING ready: false unmetCond: [name:"nodeReady" reason:"node \\"infra-02\\" is not ready"]');
    expect(lines.slice(-2)).toEqual(['"10.25.11.12": events check condition met', '"10.25.11.12": post check passed']);
    // the phases/tasks of the reconstructed v1.12 run, in the same order
    const theirs = phaseTaskLines(sample('upgrade-legacy-nontty.reconstructed.txt'));
    const ours = phaseTaskLines(io.stderr);
    expect(ours.filter((l) => theirs.includes(l))).toEqual(theirs.filter((l) => ours.includes(l)));
    expect(ours.length).toBeGreaterThanOrEqual(theirs.length - 2);
    expect(twin.node('infra-02')).toMatchObject({ talosVersion: 'v1.11.6', stage: 'running', cordoned: false });
  });

  it('is refused while another etcd member is unhealthy (like upgrade-nontty-etcd-unhealthy), exit 1', async () => {
    const { io, drive } = start(['-n', '10.25.11.11', 'upgrade', '--image', 'ghcr.io/siderolabs/installer:v1.11.6'], (t) => t.fault('etcd-member-down', 'infra-03'));
    await drive(() => io.code !== undefined);
    expect(io.code).toBe(1);
    expect(io.stderr).toMatch(/^"10\.25\.11\.11": waiting for actor ID\n"10\.25\.11\.11": rpc error: code = DeadlineExceeded desc = error validating etcd for upgrade: etcd member [0-9a-f]{16} is not healthy; all members must be healthy to perform an upgrade: context deadline exceeded\n$/);
  });

  it('a node cut off while it reboots: the tracker hears nothing more and keeps retrying until aborted', async () => {
    const { twin, io, drive, abort } = start(['-n', '10.25.11.12', 'upgrade', '--image', 'ghcr.io/siderolabs/installer:v1.11.6']);
    await drive(() => io.stderr.includes('sequence: upgrade action: START'));
    twin.fault('node-unreachable', 'infra-02');
    await drive(() => twin.node('infra-02')!.stage === 'running', 250, 400);
    await drive(() => false, 1000, 30);
    expect(twin.node('infra-02')!.talosVersion).toBe('v1.11.6');
    expect(io.code).toBeUndefined();
    expect(io.stderr).not.toContain('stage: BOOTING');
    expect(io.stderr).not.toContain('post check passed');
    expect(io.stderr.trimEnd().split('\n').at(-1)).toBe('"10.25.11.12": unavailable, retrying...');
    abort.abort();
    await drive(() => io.code !== undefined, 1, 5);
    expect(io.code).toBe(1);
  });

  it('--wait=false prints the NODE ACK STARTED table', async () => {
    const { io, drive } = start(['-n', '10.25.11.12', 'upgrade', '--wait=false']);
    await drive(() => io.code !== undefined);
    expect(io.stdout).toMatch(/^NODE +ACK +STARTED\n10\.25\.11\.12 +Upgrade request received +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 UTC m=\+0\.\d{9}\n$/);
  });
});

describe('reboot', () => {
  it('reboots and comes back with a new boot ID', async () => {
    const { twin, io, drive } = start(['-n', '10.25.11.14', 'reboot']);
    const boot = twin.node('apps-01')!.bootId;
    await drive(() => io.code !== undefined);
    expect(io.code).toBe(0);
    expect(io.stderr).toContain('"10.25.11.14": sequence: reboot action: START\n');
    expect(twin.node('apps-01')!.bootId).not.toBe(boot);
  });
});

describe('upgrade-k8s', () => {
  it('prints the v1.12 wording on stdout and moves kubelets node by node', async () => {
    const { twin, io, drive } = start(['-n', '10.25.11.11', 'upgrade-k8s', '--to', '1.35.0']);
    await drive(() => io.code !== undefined);
    expect([io.code, io.stderr]).toEqual([0, '']);
    const lines = io.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['automatically detected the lowest Kubernetes version 1.34.2', 'discovered controlplane nodes ["10.25.11.11" "10.25.11.12" "10.25.11.13"]', 'discovered worker nodes []']);
    const form = (l: string) => l.replace(/"[\d.]+"/g, '"IP"').replace(/\d+\.\d+\.\d+/g, 'V');
    const known = new Set([...sample('upgrade-k8s-head-v1.12.7.txt').split('\n'), ...sample('upgrade-k8s-controller-manager-v1.12.7.txt').split('\n')].map(form));
    for (const l of ['> "10.25.11.11": Talos version 1.11.5 is compatible with Kubernetes version 1.35.0', ' > "10.25.11.12": starting update', ' > update kube-controller-manager: v1.34.2 -> 1.35.0', ' < "10.25.11.12": successfully updated']) {
      expect(lines).toContain(l);
      expect(known.has(form(l))).toBe(true);
    }
    expect(twin.nodes().filter((n) => n.cluster === 'infra').map((n) => n.kubeletVersion)).toEqual(['v1.35.0', 'v1.35.0', 'v1.35.0']);
    expect(twin.node('apps-01')!.kubeletVersion).toBe('v1.34.2');
  });

  it('refuses to skip a minor version', async () => {
    const { io, drive } = start(['-n', '10.25.11.11', 'upgrade-k8s', '--to', '1.36.0']);
    await drive(() => io.code !== undefined);
    expect(io.code).toBe(1);
    expect(io.stderr).toBe('unsupported upgrade path "1.34->1.36" (from "1.34.2" to "1.36.0")\n');
  });
});

describe('logs', () => {
  it('prefixes every line with the node, honours --tail and follows until aborted', async () => {
    const { io, drive, abort } = start(['-n', '10.25.11.11', 'logs', 'etcd', '--tail', '3', '-f']);
    await drive(() => io.stdout.split('\n').length > 3, 250, 10);
    expect(io.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(io.stdout.split('\n').slice(0, 3).every((l) => l.startsWith('10.25.11.11: '))).toBe(true);
    await drive(() => io.stdout.trimEnd().split('\n').length > 3, 30_000, 20);
    expect(io.stdout.trimEnd().split('\n').length).toBeGreaterThan(3);
    abort.abort();
    await drive(() => io.code !== undefined, 1, 5);
    expect(io.code).toBe(0);
  });
});
