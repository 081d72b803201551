/**
 * The real-etcd half of a restore drill: `snapshot restore` into a fresh data dir, a throwaway
 * single-member etcd on 127.0.0.1 serving it, and a key census through etcd's v3 JSON gateway
 * (served on the client URL by 3.4+ by default, so no process per request). Every process started
 * here is stopped by `stop()`, and also killed if plat itself exits first.
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { ActionFailed, Interrupted } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import type { DrillTools } from './drill-tools.js';
import { countByPrefix } from './drill-compare.js';

const run = promisify(execFile);

export interface DrillMember {
  name: string;
  peerUrl: string;
}

/**
 * A free loopback port: bind to 0, read it, release it. Its own copy rather than the lab's
 * freePort: the backup room must not load the simulator to run a drill.
 */
export function loopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The last meaningful line of a tool's stderr (etcd tools log JSON lines; keep their `msg`/`error`). */
export function lastError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines.reverse()) {
    if (line.startsWith('{')) {
      try {
        const j = JSON.parse(line) as { level?: string; msg?: string; error?: string };
        if (j.level === 'info' || j.level === 'debug') continue;
        return [j.msg, j.error].filter(Boolean).join(': ').slice(0, 300);
      } catch {
        /* not JSON after all */
      }
    }
    return line.replace(/^Error:\s*/, '').slice(0, 300);
  }
  return 'no error output';
}

const toolEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ETCDCTL_API: '3' });

export interface SnapshotStatus {
  hash: string;
  revision: number;
  totalKeys: number;
  totalSize: number;
}

/** `snapshot status -w json`: etcd's own reading of the file (bbolt integrity check included since 3.3.11). */
export async function snapshotStatus(tools: DrillTools, snapshot: string, signal?: AbortSignal): Promise<SnapshotStatus> {
  try {
    const { stdout } = await run(tools.restore.path, ['snapshot', 'status', snapshot, '-w', 'json'], { env: toolEnv(), ...(signal ? { signal } : {}) });
    const j = JSON.parse(stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
    return { hash: (j.hash >>> 0).toString(16).padStart(8, '0'), revision: j.revision, totalKeys: j.totalKey, totalSize: j.totalSize };
  } catch (e) {
    if (signal?.aborted) throw new Interrupted('drill interrupted');
    throw new ActionFailed(`${tools.restore.kind} snapshot status failed: ${lastError(String((e as { stderr?: string }).stderr ?? (e as Error).message))}`);
  }
}

/** `snapshot restore` into `dataDir` (which must not exist yet) as a one-member cluster. */
export async function restoreSnapshot(tools: DrillTools, snapshot: string, dataDir: string, member: DrillMember, opts: { skipHashCheck: boolean; signal?: AbortSignal }): Promise<void> {
  const args = ['snapshot', 'restore', snapshot, '--data-dir', dataDir, '--name', member.name, '--initial-cluster', `${member.name}=${member.peerUrl}`, '--initial-advertise-peer-urls', member.peerUrl];
  if (opts.skipHashCheck) args.push('--skip-hash-check');
  try {
    await run(tools.restore.path, args, { env: toolEnv(), ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (e) {
    if (opts.signal?.aborted) throw new Interrupted('drill interrupted');
    throw new ActionFailed(`${tools.restore.kind} snapshot restore failed: ${lastError(String((e as { stderr?: string }).stderr ?? (e as Error).message))}`);
  }
}

export interface ThrowawayEtcd {
  pid: number;
  clientUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock: Clock;
  startTimeoutMs: number;
  signal?: AbortSignal;
}

const wait = (clock: Clock, ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));

/** Start etcd on the restored data dir and wait until `/health` says true. */
export async function startThrowawayEtcd(tools: DrillTools, dataDir: string, member: DrillMember, opts: StartOptions): Promise<ThrowawayEtcd> {
  const clientUrl = `http://127.0.0.1:${await loopbackPort()}`;
  const child = spawn(tools.etcd, [
    '--name', member.name, '--data-dir', dataDir,
    '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', member.peerUrl, '--initial-advertise-peer-urls', member.peerUrl, '--initial-cluster', `${member.name}=${member.peerUrl}`,
    // reads only; a restored DB above the default 2 GiB quota would otherwise raise NOSPACE at start
    '--quota-backend-bytes', String(8 * 1024 ** 3), '--log-level', 'error',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const graceful = await Promise.race([exited.then(() => true), wait(opts.clock, 10_000).then(() => false)]);
    if (!graceful) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const deadline = opts.clock.now() + opts.startTimeoutMs;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new Interrupted('drill interrupted');
      if (child.exitCode !== null || child.signalCode !== null) throw new ActionFailed(`etcd ${tools.etcdVersion} exited while starting on the restored data: ${lastError(stderr)}`);
      const healthy = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(2000) })
        .then(async (r) => ((await r.json()) as { health?: string }).health === 'true')
        .catch(() => false);
      if (healthy) break;
      if (opts.clock.now() >= deadline) throw new ActionFailed(`etcd on the restored data was not healthy within ${Math.round(opts.startTimeoutMs / 1000)} s${stderr ? `: ${lastError(stderr)}` : ''}`);
      await wait(opts.clock, 100);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { pid: child.pid ?? -1, clientUrl, stop };
}

export interface KeyCensus {
  /** The served revision (response header). */
  revision: number;
  keys: number;
  prefixes: Record<string, number>;
}

const b64 = (s: Buffer | string) => Buffer.from(s).toString('base64');

/** Every live key, keys only, in pages (a big cluster holds 10^5 keys; one response would be huge). */
export async function countKeys(clientUrl: string, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<KeyCensus> {
  const limit = opts.pageSize ?? 10_000;
  const keys: string[] = [];
  let from: Buffer = Buffer.from([0]);
  let revision = 0;
  for (;;) {
    const res = await fetch(`${clientUrl}/v3/kv/range`, {
      method: 'POST',
      body: JSON.stringify({ key: b64(from), range_end: b64(Buffer.from([0])), keys_only: true, limit, ...(revision ? { revision } : {}) }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    }).catch((e: unknown) => {
      if (opts.signal?.aborted) throw new Interrupted('drill interrupted');
      throw new ActionFailed(`etcd on the restored data stopped answering: ${(e as Error).message}`);
    });
    if (!res.ok) throw new ActionFailed(`etcd range on the restored data: HTTP ${res.status}`);
    const page = (await res.json()) as { header?: { revision?: string }; kvs?: { key: string }[]; more?: boolean };
    // pin every page to the first page's revision so the census is one consistent view
    revision ||= Number(page.header?.revision ?? 0);
    const got = (page.kvs ?? []).map((kv) => Buffer.from(kv.key, 'base64'));
    keys.push(...got.map((k) => k.toString('utf8')));
    const last = got[got.length - 1];
    if (!page.more || !last) break;
    from = Buffer.concat([last, Buffer.from([0])]);
  }
  return { revision, keys: keys.length, prefixes: countByPrefix(keys) };
}
