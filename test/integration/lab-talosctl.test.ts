/**
 * The talosctl stand-in end to end: the control server on a twin of the healthy scenario, the
 * `talosctl` shim written into a bin dir and run as a real child process with TALOSCONFIG set,
 * exactly as plat's execa adapter will run it. (From sources the shim runs through tsx's loader;
 * from dist/ it is the compiled talosctl-shim.js — see src/lab/talos/shim-writer.ts.)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTalosControl, writeTalosconfig, writeTalosctlShim, type TalosControl } from '../../src/lab/talos/index.js';
import { loadScenario, Twin } from '../../src/lab/twin/index.js';

let dir: string;
let twin: Twin;
let control: TalosControl;
let talosctl: string;

function run(...argv: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = execFile(talosctl, argv, { cwd: dir, env: { PATH: process.env['PATH'], HOME: dir, TALOSCONFIG: join(dir, 'talosconfig') } }, (_err, stdout, stderr) =>
      resolve({ stdout, stderr, code: child.exitCode }),
    );
  });
}

async function post(path: string, body: unknown): Promise<{ status: number; json: { ok?: boolean; error?: string } }> {
  const res = await fetch(`${control.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { ok?: boolean; error?: string } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  twin = new Twin(loadScenario('healthy'));
  control = await startTalosControl(twin, { dir });
  talosctl = writeTalosctlShim(join(dir, 'bin'), control.url);
  writeTalosconfig(join(dir, 'talosconfig'), twin.clusters());
});

afterAll(async () => {
  await control?.close();
  twin?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('talosctl shim against the lab', () => {
  it('writes an executable shim, a 0600 talosconfig and the control URL', () => {
    expect(statSync(talosctl).mode & 0o777).toBe(0o755);
    expect(readFileSync(talosctl, 'utf8')).toMatch(/^#!\/bin\/sh\n[\s\S]*exec /);
    expect(statSync(join(dir, 'talosconfig')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'talos-control.json'), 'utf8'))).toMatchObject({ url: control.url });
  });

  it('-n a,b get members -o json: concatenated JSON objects on stdout, exit 0', async () => {
    const r = await run('-n', '10.25.11.11,10.25.11.12', 'get', 'members', '-o', 'json');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const objects = JSON.parse(`[${r.stdout.trim().replace(/\n}\n{/g, '\n},\n{')}]`) as { node: string; spec: { hostname: string } }[];
    expect(objects.map((o) => `${o.node} ${o.spec.hostname}`)).toEqual([
      '10.25.11.11 infra-01',
      '10.25.11.11 infra-02',
      '10.25.11.11 infra-03',
      '10.25.11.12 infra-01',
      '10.25.11.12 infra-02',
      '10.25.11.12 infra-03',
    ]);
  });

  it('node-unreachable on infra-02: talosctl ≤1.13 multi-node errors as the real one prints them', async () => {
    expect(await post('/fault', { fault: 'node-unreachable', target: 'infra-02' })).toMatchObject({ status: 200, json: { ok: true } });
    const dial = 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.25.11.12:50000: connect: no route to host"';
    const get = await run('-n', '10.25.11.11,10.25.11.12', 'get', 'members');
    expect(get.code).toBe(1);
    expect(get.stdout.trim().split('\n')).toHaveLength(4);
    expect(get.stderr).toBe(`1 error occurred:\n\t* ${dial}\n\n\n`);
    const status = await run('-n', '10.25.11.11,10.25.11.12', 'etcd', 'status');
    expect(status.code).toBe(0);
    expect(status.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(status.stderr).toBe(`WARNING: 1 error occurred:\n\t* 10.25.11.12: ${dial}\n\n\n`);
    expect(await post('/heal', { fault: 'node-unreachable', target: 'infra-02' })).toMatchObject({ status: 200 });
    expect((await run('-n', '10.25.11.12', 'version')).code).toBe(0);
  });

  it('etcd snapshot writes a file whose last 32 bytes are the sha256 of the rest', async () => {
    const r = await run('-n', '10.25.11.11', 'etcd', 'snapshot', 'backup.db');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const file = readFileSync(join(dir, 'backup.db'));
    expect(r.stdout).toMatch(new RegExp(`^etcd snapshot saved to "backup.db" \\(${file.length} bytes\\)\\nsnapshot info: hash [0-9a-f]{8}, revision \\d+, total keys \\d+, total size \\d+\\n$`));
    expect(file.length % 512).toBe(32);
    expect(createHash('sha256').update(file.subarray(0, file.length - 32)).digest().equals(file.subarray(file.length - 32))).toBe(true);
    expect(statSync(join(dir, 'backup.db')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'backup.db.part'))).toBe(false);
  });

  it('a snapshot into a missing directory fails on the client side like talosctl', async () => {
    const r = await run('-n', '10.25.11.11', 'etcd', 'snapshot', 'nope/backup.db');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error creating temporary file: open nope/backup.db.part: no such file or directory\n');
  });

  it('a bad flag: usage text on stderr, exit 1', async () => {
    const r = await run('-n', '10.25.11.11', 'services', '--frobnicate');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^unknown flag: --frobnicate\n\nUsage:\n  talosctl service \[<id> \[start\|stop\|restart\|status\]\] \[flags\]\n\nAliases:\n  service, services\n/);
  });

  it('fault/heal endpoints reject unknown faults with the valid ones; /state summarises', async () => {
    const bad = await post('/fault', { fault: 'disk-full', target: 'infra-01' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('unknown fault "disk-full": valid faults are node-unreachable, bond-slave-down, lacp-partner-lost, mtu-wrong, bgp-down, etcd-member-down, etcd-alarm-nospace, flux-failing');
    const state = (await (await fetch(`${control.url}/state`)).json()) as { scenario: string; clusters: { nodes: { name: string }[] }[] };
    expect(state.scenario).toBe('healthy');
    expect(state.clusters.flatMap((c) => c.nodes.map((n) => n.name))).toHaveLength(6);
  });
});
