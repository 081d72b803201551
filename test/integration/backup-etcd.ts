/**
 * A real etcd (Debian etcd-server) for tests and the backup benchmark: started on free 127.0.0.1
 * ports in a temp dir, filled through its v3 JSON gateway (fast, no process per key), read back
 * and snapshotted with the real etcdctl. Callers stop what they start.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

import { freePort } from '../../src/lab/index.js';

export { freePort };

export interface RealEtcd {
  clientUrl: string;
  dataDir: string;
  etcdctl(...args: string[]): Promise<string>;
  put(key: string, value: Uint8Array | string): Promise<void>;
  stop(): Promise<void>;
}

export interface EtcdBins {
  etcd: string;
  etcdctl: string;
}

const b64 = (v: Uint8Array | string) => Buffer.from(v).toString('base64');

/** Start etcd on `dataDir` (a fresh one, or one made by `etcdctl snapshot restore` with the same name and peer URL). */
export async function startEtcd(bins: EtcdBins, dataDir: string, opts: { name?: string; peerPort?: number; quotaBytes?: number } = {}): Promise<RealEtcd> {
  const name = opts.name ?? 'plat-test';
  const client = await freePort();
  const peer = opts.peerPort ?? (await freePort());
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child: ChildProcess = spawn(bins.etcd, [
    '--name', name, '--data-dir', dataDir, '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `${name}=${peerUrl}`,
    '--log-level', 'error', '--quota-backend-bytes', String(opts.quotaBytes ?? 4 * 1024 ** 3), '--max-request-bytes', String(8 * 1024 * 1024),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-2000)));
  const env = { ...process.env, ETCDCTL_API: '3' };
  const etcdctl = async (...args: string[]) => (await exec(bins.etcdctl, ['--endpoints', clientUrl, '--dial-timeout', '2s', ...args], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  const stop = () =>
    new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  // wait for the condition (a healthy endpoint), polling
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode}: ${stderr}`);
    const ok = await etcdctl('endpoint', 'health').then(() => true, () => false);
    if (ok) break;
    if (i > 300) {
      await stop();
      throw new Error(`etcd did not become healthy on ${clientUrl}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    clientUrl,
    dataDir,
    etcdctl,
    async put(key, value) {
      const res = await fetch(`${clientUrl}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(value) }) });
      if (!res.ok) throw new Error(`etcd put ${key}: HTTP ${res.status} ${await res.text()}`);
    },
    stop,
  };
}

/** Every key under `prefix` with its value, via etcdctl (JSON output, base64 fields). */
export async function readKeys(etcd: RealEtcd, prefix: string): Promise<Map<string, string>> {
  const out = JSON.parse(await etcd.etcdctl('get', '--prefix', prefix, '-w', 'json')) as { kvs?: { key: string; value: string }[] };
  return new Map((out.kvs ?? []).map((kv) => [Buffer.from(kv.key, 'base64').toString(), Buffer.from(kv.value, 'base64').toString()]));
}

/** `etcdctl snapshot restore` into `<dir>/restored`, then etcd started on it (same member name, given peer port). */
export async function restoreAndStart(bins: EtcdBins, snapshot: string, dir: string): Promise<RealEtcd> {
  const peer = await freePort();
  const dataDir = join(dir, 'restored');
  await exec(bins.etcdctl, ['snapshot', 'restore', snapshot, '--data-dir', dataDir, '--name', 'restored', '--initial-cluster', `restored=http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`], { env: { ...process.env, ETCDCTL_API: '3' } });
  return startEtcd(bins, dataDir, { name: 'restored', peerPort: peer });
}

