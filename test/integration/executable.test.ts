/**
 * bin/plat.js run as the executable an operator runs (its first line is for sh): Node starts
 * without reading NODE_EXTRA_CA_CERTS (85 ms of every command under Node 20), yet every child plat
 * starts sees the variable as it was, and plat's own TLS trusts its certificates where Node would
 * have: a kubeconfig cluster without a CA.
 */
import { execa } from 'execa';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startLab, type Lab } from '../../src/lab/index.js';
import { platBin, runPlat, tempDir } from '../support/plat.js';

const exe = async (args: string[], env: NodeJS.ProcessEnv, cwd: string) => {
  const r = await execa(platBin, args, { env, extendEnv: false, reject: false, cwd, timeout: 90_000, input: '' });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

describe('the plat executable and NODE_EXTRA_CA_CERTS', { timeout: 120_000 }, () => {
  let lab: Lab;
  let tmp: ReturnType<typeof tempDir>;
  let caFile: string;
  let noCaConfig: string;

  beforeAll(async () => {
    lab = await startLab({ scenario: 'healthy' });
    tmp = tempDir('plat-exe-');
    // The lab's kubeconfig without its clusters' CAs; the CAs go to a file for NODE_EXTRA_CA_CERTS.
    const kc = parse(readFileSync(lab.env.KUBECONFIG, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }> };
    const pems = kc.clusters.map((c) => Buffer.from(c.cluster['certificate-authority-data']!, 'base64').toString());
    expect(pems.length).toBeGreaterThan(1);
    for (const c of kc.clusters) delete c.cluster['certificate-authority-data'];
    caFile = join(tmp.dir, 'extra-ca.pem');
    writeFileSync(caFile, pems.join('\n'));
    const noCaKubeconfig = join(tmp.dir, 'kubeconfig');
    writeFileSync(noCaKubeconfig, stringify(kc), { mode: 0o600 });
    const platYaml = parse(readFileSync(lab.env.PLAT_CONFIG, 'utf8')) as { kubeconfig: string };
    platYaml.kubeconfig = noCaKubeconfig;
    noCaConfig = join(tmp.dir, 'plat.yaml');
    writeFileSync(noCaConfig, stringify(platYaml));
  });
  afterAll(async () => {
    await lab?.stop();
    tmp?.cleanup();
  });

  const baseEnv = () => ({ HOME: lab.dir, PATH: lab.env.PATH, PLAT_CONFIG: lab.env.PLAT_CONFIG, TALOSCONFIG: lab.env.TALOSCONFIG });

  it('Node does not read the file as it starts (an unreadable one would warn), and plat still runs', async () => {
    const env = { ...baseEnv(), NODE_EXTRA_CA_CERTS: join(tmp.dir, 'missing.pem') };
    // The premise: Node (20) reads the file as it starts, and warns about one it cannot read. A
    // Node that reads it lazily fails this line, and bin/plat.js's hand-over is then no longer needed.
    const viaNode = await runPlat(['--version'], { env, cwd: tmp.dir });
    expect(viaNode.stderr).toMatch(/Ignoring extra certs from/);
    const r = await exe(['--version'], env, tmp.dir);
    expect([r.code, r.stdout.trim(), r.stderr]).toEqual([0, JSON.parse(readFileSync(join(platBin, '..', '..', 'package.json'), 'utf8')).version, '']);
  });

  it('a cluster without a CA in the kubeconfig is trusted through NODE_EXTRA_CA_CERTS, as Node would', async () => {
    const env = { ...baseEnv(), PLAT_CONFIG: noCaConfig };
    const trusted = await exe(['net', 'bgp', '-o', 'json'], { ...env, NODE_EXTRA_CA_CERTS: caFile }, lab.dir);
    expect([trusted.code, trusted.stderr]).toEqual([0, '']);
    const model = JSON.parse(trusted.stdout) as { pairs: Array<{ cluster: string; cilium?: { session?: { state: string } } }> };
    expect(new Set(model.pairs.map((p) => p.cluster))).toEqual(new Set(['infra', 'apps']));
    expect(model.pairs.every((p) => p.cilium?.session?.state === 'Established')).toBe(true);

    // The same without the variable: the lab's self-signed certificates are trusted by nothing.
    const untrusted = await exe(['net', 'bgp', '-o', 'json'], env, lab.dir);
    expect(untrusted.code).not.toBe(0);
    const failed = JSON.parse(untrusted.stdout) as { clusters: Array<{ cluster: string; error?: string }> };
    expect(failed.clusters.map((c) => c.error)).toEqual([
      expect.stringMatching(/^admin@infra: the Kubernetes API server at 127\.0\.0\.1:\d+ fails TLS verification \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/),
      expect.stringMatching(/^admin@apps: the Kubernetes API server at 127\.0\.0\.1:\d+ fails TLS verification \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/),
    ]);
  });

  it('children plat starts see NODE_EXTRA_CA_CERTS as it was, and nothing of the hand-over', async () => {
    // A talosctl in front of the lab's that records what it was given.
    const record = join(tmp.dir, 'talosctl-env');
    const spyBin = join(tmp.dir, 'bin');
    const spy = join(spyBin, 'talosctl');
    mkdirSync(spyBin, { recursive: true });
    writeFileSync(spy, `#!/bin/sh\nprintf '%s|%s\\n' "\${NODE_EXTRA_CA_CERTS-unset}" "\${PLAT_DEFERRED_EXTRA_CA_CERTS-unset}" >> '${record}'\nexec '${join(lab.dir, 'bin', 'talosctl')}' "$@"\n`);
    chmodSync(spy, 0o755);
    const env = { ...baseEnv(), PATH: `${spyBin}:${lab.env.PATH}`, NODE_EXTRA_CA_CERTS: caFile };
    const r = await exe(['nodes', '-o', 'json'], env, lab.dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = readFileSync(record, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines)).toEqual(new Set([`${caFile}|unset`]));
  });
});
