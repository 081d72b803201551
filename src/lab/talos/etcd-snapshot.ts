/**
 * Where the stand-in's `etcd snapshot` bytes come from: a genuine etcd Snapshot-API file (bbolt +
 * 32-byte sha256 trailer, backup.md §1.1). With `etcd` and `etcdctl` on PATH the lab starts a
 * throwaway etcd on free 127.0.0.1 ports, writes a few /registry keys, runs
 * `etcdctl snapshot save` and `etcdctl snapshot status`, and caches the result for the lab's
 * lifetime; otherwise it serves the snapshot shipped in src/lab/assets (made the same way).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { labPackageRoot } from '../twin/index.js';
import { freePort } from '../free-port.js';

const run = promisify(execFile);

export interface EtcdSnapshot {
  bytes: Uint8Array;
  /** `etcdutl snapshot status` values talosctl prints after saving. */
  hash: number;
  revision: number;
  totalKeys: number;
  totalSize: number;
  origin: 'live-etcd' | 'shipped-asset';
}

function onPath(name: string): string | undefined {
  for (const dir of [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/local/bin']) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Keys a small Kubernetes cluster keeps in etcd (values are JSON stand-ins for the protobuf blobs). */
export const REGISTRY_KEYS: [string, string][] = [
  ['/registry/namespaces/default', '{"kind":"Namespace","metadata":{"name":"default"}}'],
  ['/registry/namespaces/kube-system', '{"kind":"Namespace","metadata":{"name":"kube-system"}}'],
  ['/registry/namespaces/flux-system', '{"kind":"Namespace","metadata":{"name":"flux-system"}}'],
  ['/registry/minions/infra-01', '{"kind":"Node","metadata":{"name":"infra-01"}}'],
  ['/registry/minions/infra-02', '{"kind":"Node","metadata":{"name":"infra-02"}}'],
  ['/registry/minions/infra-03', '{"kind":"Node","metadata":{"name":"infra-03"}}'],
  ['/registry/services/specs/default/kubernetes', '{"kind":"Service","metadata":{"name":"kubernetes","namespace":"default"}}'],
  ['/registry/configmaps/kube-system/kube-root-ca.crt', '{"kind":"ConfigMap","metadata":{"name":"kube-root-ca.crt"}}'],
];

/** Start etcd, write REGISTRY_KEYS, save a snapshot to `out` and return its status. */
export async function takeLiveSnapshot(etcd: string, etcdctl: string, out: string): Promise<Omit<EtcdSnapshot, 'bytes' | 'origin'>> {
  const dir = mkdtempSync(join(tmpdir(), 'plat-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(etcd, ['--name', 'lab', '--data-dir', join(dir, 'data'), '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl, '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `lab=${peerUrl}`, '--log-level', 'error'], { stdio: 'ignore' });
  const env = { ...process.env, ETCDCTL_API: '3' };
  const ctl = (...args: string[]) => run(etcdctl, ['--endpoints', clientUrl, '--dial-timeout', '2s', ...args], { env });
  try {
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await ctl('endpoint', 'health').then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
      );
    }
    if (!ready) throw new Error(`etcd did not become healthy on ${clientUrl}`);
    for (const [k, v] of REGISTRY_KEYS) await ctl('put', k, v);
    await ctl('snapshot', 'save', out);
    const { stdout } = await run(etcdctl, ['snapshot', 'status', out, '-w', 'json'], { env });
    const st = JSON.parse(stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
    return { hash: st.hash, revision: st.revision, totalKeys: st.totalKey, totalSize: st.totalSize };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function shippedSnapshot(): EtcdSnapshot {
  const dir = join(labPackageRoot(), 'src', 'lab', 'assets');
  const status = JSON.parse(readFileSync(join(dir, 'etcd-snapshot.status.json'), 'utf8')) as Omit<EtcdSnapshot, 'bytes' | 'origin'>;
  return { ...status, bytes: new Uint8Array(readFileSync(join(dir, 'etcd-snapshot.db'))), origin: 'shipped-asset' };
}

let cached: Promise<EtcdSnapshot> | undefined;

/** The lab's snapshot, taken once per process. */
export function labSnapshot(): Promise<EtcdSnapshot> {
  cached ??= (async () => {
    const etcd = onPath('etcd');
    const etcdctl = onPath('etcdctl');
    if (!etcd || !etcdctl) return shippedSnapshot();
    const dir = mkdtempSync(join(tmpdir(), 'plat-snap-'));
    try {
      const file = join(dir, 'lab.snapshot');
      const status = await takeLiveSnapshot(etcd, etcdctl, file);
      return { ...status, bytes: new Uint8Array(readFileSync(file)), origin: 'live-etcd' as const };
    } catch {
      return shippedSnapshot();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return cached;
}
