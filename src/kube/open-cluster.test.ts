/**
 * openKubeCluster picks the client: token and client-certificate users get the node:https one and
 * @kubernetes/client-node is never loaded (it costs ~450 ms); an exec-plugin user gets client-node,
 * which then really runs the plugin against the lab API server.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { createLabCertificate } from '../lab/kube-api/lab-tls.js';
import { createObjectStore, startKubeApiServer, type KubeApiServer } from '../lab/kube-api/index.js';
import { openKubeCluster } from './index.js';

const loads = vi.hoisted(() => ({ clientNode: 0 }));
vi.mock('@kubernetes/client-node', async (importOriginal) => {
  loads.clientNode++;
  return importOriginal();
});

const TOKEN = 'open-cluster-secret-token';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });

function kubeconfig(path: string, server: string, caPem: string, user: object): void {
  const doc = { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': b64(caPem) } }], users: [{ name: 'u', user }], contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }], 'current-context': 'ctx' };
  writeFileSync(path, stringify(doc), { mode: 0o600 });
}

describe('openKubeCluster chooses the client', () => {
  let dir: string;
  let lab: KubeApiServer;
  let labCa: string;
  let pinned: Server;
  const serverCert = createLabCertificate('pinned');
  const clientCert = createLabCertificate('admin');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    const store = createObjectStore();
    store.upsert(node('infra-01'));
    lab = await startKubeApiServer({ store, clusterName: 'infra', token: TOKEN });
    labCa = Buffer.from(lab.caData ?? '', 'base64').toString('utf8');
    // A server that only answers a client presenting one certificate (by fingerprint: the lab's
    // certificates carry the serverAuth usage only, which OpenSSL refuses for client chains).
    const fingerprint = new X509Certificate(clientCert.certPem).fingerprint256;
    pinned = createServer({ cert: serverCert.certPem, key: serverCert.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const ok = (req.socket as TLSSocket).getPeerCertificate().fingerprint256 === fingerprint;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(ok ? { kind: 'NodeList', metadata: { resourceVersion: '1' }, items: [node('apps-01')] } : { kind: 'Status', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
    });
    await new Promise<void>((r) => pinned.listen(0, '127.0.0.1', () => r()));
  });

  afterAll(async () => {
    await lab?.close();
    await new Promise<void>((r) => {
      pinned?.close(() => r());
      pinned?.closeAllConnections();
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('token and client-certificate users never load @kubernetes/client-node', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    kubeconfig(join(dir, 'token.yaml'), lab.url, labCa, { tokenFile: 'token' });
    const byToken = await openKubeCluster({ kubeconfigPath: join(dir, 'token.yaml'), context: 'ctx' });
    expect((await byToken.listNodes()).map((n) => n.name)).toEqual(['infra-01']);

    kubeconfig(join(dir, 'cert.yaml'), `https://127.0.0.1:${(pinned.address() as AddressInfo).port}`, serverCert.certPem, { 'client-certificate-data': b64(clientCert.certPem), 'client-key-data': b64(clientCert.keyPem) });
    const byCert = await openKubeCluster({ kubeconfigPath: join(dir, 'cert.yaml'), context: 'ctx' });
    expect((await byCert.listNodes()).map((n) => n.name)).toEqual(['apps-01']);
    expect(loads.clientNode).toBe(0);
  });

  it('an exec-plugin user goes through @kubernetes/client-node, which runs the plugin', async () => {
    const tokenFile = join(dir, 'exec-token');
    writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
    // The plugin reads the token from a file named in its env, so the token is not on a command line.
    const script = "process.stdout.write(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:require('fs').readFileSync(process.env.PLAT_TEST_TOKEN_FILE,'utf8')}}))";
    kubeconfig(join(dir, 'exec.yaml'), lab.url, labCa, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script], env: [{ name: 'PLAT_TEST_TOKEN_FILE', value: tokenFile }], interactiveMode: 'Never' } });
    const viaExec = await openKubeCluster({ kubeconfigPath: join(dir, 'exec.yaml'), context: 'ctx' });
    expect(loads.clientNode).toBe(1);
    expect(String(viaExec)).toContain('@kubernetes/client-node');
    expect((await viaExec.listNodes()).map((n) => n.name)).toEqual(['infra-01']);
  });
});
