/**
 * The talosctl control server: HTTP on 127.0.0.1 (free port). The `talosctl` shim POSTs its argv,
 * cwd and TALOSCONFIG/HOME to /run and gets back newline-delimited JSON frames, streamed as
 * they happen:
 *   {"o":"…"} stdout text · {"e":"…"} stderr text · {"f":path,"d":base64} file bytes (the client
 *   writes `<path>.part`) · {"F":path} file complete (fsync, size check, rename) · {"x":code} exit.
 * The shim closing the connection (Ctrl-C) aborts the command. Also: POST /fault and /heal
 * ({fault,target}), GET /state (summary), GET /healthz. The URL is written to
 * `<dir>/talos-control.json` so `plat lab fault` can find a running lab.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { isPlatError } from '../../errors/index.js';
import type { Twin } from '../twin/index.js';
import { streamTalosctl } from './run.js';

export interface TalosControl {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface RunRequest {
  argv: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
}

const FILE_CHUNK = 32 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

export function stateSummary(twin: Twin) {
  return {
    scenario: twin.scenarioName,
    talosctlVersion: twin.talosctlVersion,
    now: new Date(twin.clock.now()).toISOString(),
    clusters: twin.clusters().map((c) => ({
      name: c.name,
      kubernetesVersion: c.kubernetesVersion,
      etcdLeader: c.etcd.leader,
      nodes: c.nodes.map((n) => ({
        name: n.name,
        ip: n.ip,
        role: n.role,
        stage: n.stage,
        talosVersion: n.talosVersion,
        kubeletVersion: n.kubeletVersion,
        ready: n.kubeReady,
        cordoned: n.cordoned,
        bgp: n.bgp.state,
        faults: [...n.faults],
      })),
    })),
    faults: twin.activeFaults(),
  };
}

async function handleRun(twin: Twin, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: RunRequest;
  try {
    body = JSON.parse(await readBody(req)) as RunRequest;
    if (!Array.isArray(body.argv) || typeof body.cwd !== 'string') throw new Error('argv and cwd are required');
  } catch (e) {
    json(res, 400, { error: `bad /run request: ${(e as Error).message}` });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  const abort = new AbortController();
  res.on('close', () => abort.abort(new Error('client went away')));
  const frame = (f: Record<string, unknown>) => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(f)}\n`);
  };
  let code = 1;
  try {
    code = await streamTalosctl(twin, body.argv, { env: body.env ?? {}, cwd: body.cwd, signal: abort.signal }, {
      out: (o) => frame({ o }),
      err: (e) => frame({ e }),
      saveFile: async (path, data) => {
        for (let off = 0; off < data.length; off += FILE_CHUNK) frame({ f: path, d: Buffer.from(data.subarray(off, off + FILE_CHUNK)).toString('base64') });
        if (data.length === 0) frame({ f: path, d: '' });
        frame({ F: path });
      },
    });
  } catch (e) {
    frame({ e: `talosctl (plat lab): internal error: ${(e as Error).message}\n` });
  }
  frame({ x: code });
  res.end();
}

export async function startTalosControl(twin: Twin, opts: { dir?: string; port?: number } = {}): Promise<TalosControl> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /run') return void handleRun(twin, req, res);
    if (route === 'GET /healthz') return json(res, 200, { ok: true });
    if (route === 'GET /state') return json(res, 200, stateSummary(twin));
    if (route === 'POST /fault' || route === 'POST /heal') {
      void readBody(req).then((text) => {
        try {
          const { fault, target } = JSON.parse(text) as { fault: string; target: string };
          if (url.pathname === '/fault') twin.fault(String(fault), String(target));
          else twin.heal(String(fault), String(target));
          json(res, 200, { ok: true, faults: twin.activeFaults() });
        } catch (e) {
          json(res, isPlatError(e) ? 400 : 500, { error: (e as Error).message });
        }
      });
      return;
    }
    json(res, 404, { error: `no route ${route}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  if (opts.dir) writeFileSync(join(opts.dir, 'talos-control.json'), `${JSON.stringify({ url, pid: process.pid })}\n`);
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
