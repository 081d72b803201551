/** `plat lab up | fault | heal` as a user runs them: a foreground lab, its environment, faults by name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { platBin, runPlat, tempDir } from '../support/plat.js';

let child: ChildProcess;
let dir: string;
let cleanup: () => void;
let env: Record<string, string> = {};
let stderr = '';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  child = spawn(process.execPath, [platBin, 'lab', 'up', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const check = () => out.includes('PLAT_LAB_DIR=') && stderr.includes('Ctrl-C stops the lab') && resolve();
    child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), check()));
    child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), check()));
    child.once('exit', (code) => reject(new Error(`plat lab up exited ${code}: ${stderr}`)));
  });
  for (const m of out.matchAll(/^export (\w+)=(?:'([^']*)'|(\S*))$/gm)) env[m[1]!] = m[2] ?? m[3] ?? '';
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
  cleanup?.();
});

describe('plat lab', () => {
  it('up prints the environment that points every tool at the lab', async () => {
    expect(Object.keys(env).sort()).toEqual(['KUBECONFIG', 'PATH', 'PLAT_CONFIG', 'PLAT_LAB_DIR', 'TALOSCONFIG']);
    expect(env.PLAT_LAB_DIR).toBe(dir);
    expect(stderr).toMatch(/lab "healthy" ready in \d+ ms: infra \(3 nodes\), apps \(3 nodes\)/);
    expect(stderr).toMatch(/\nfirst backup of each cluster taken in \d+ ms\n/);
    const talosctl = await execa('talosctl', ['--context', 'apps', '-n', '10.25.11.14', 'version'], { env: { ...process.env, ...env }, reject: false });
    expect(talosctl.exitCode).toBe(0);
    expect(talosctl.stdout).toContain('NODE:        10.25.11.14');
    const validate = await runPlat(['config', 'validate'], { env });
    expect(validate.code).toBe(0);
  });

  it('fault and heal act on the running lab, found through PLAT_LAB_DIR', async () => {
    const f = await runPlat(['lab', 'fault', 'bgp-down', 'apps-02'], { env });
    expect(f.code, f.stderr).toBe(0);
    expect(f.stderr).toBe('injected bgp-down on apps-02; active faults: bgp-down apps-02\n');
    const h = await runPlat(['lab', 'heal', 'bgp-down', 'apps-02'], { env });
    expect(h.stderr).toBe('healed bgp-down on apps-02; active faults: none\n');
  });

  it('an unknown fault or target is refused with the valid ones listed', async () => {
    const badFault = await runPlat(['lab', 'fault', 'disk-full', 'apps-02'], { env });
    expect(badFault.code).toBe(2);
    expect(badFault.stderr).toContain('Argument: fault, Given: "disk-full", Choices: "node-unreachable", "bond-slave-down"');
    const badTarget = await runPlat(['lab', 'fault', 'bond-slave-down', 'apps-99'], { env });
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toMatch(/apps-99/);
    expect(badTarget.stderr).toMatch(/infra-01/);
  });

  it('without a running lab, fault says how to start one', async () => {
    const r = await runPlat(['lab', 'fault', 'bgp-down', 'apps-02'], { env: { PATH: process.env.PATH ?? '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: no running lab to talk to\nhint: start one with `plat lab up` and use its environment (PLAT_LAB_DIR), or pass --dir\n');
  });

  it('Ctrl-C stops it cleanly', async () => {
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(stderr).toContain('lab stopped');
  });
});
