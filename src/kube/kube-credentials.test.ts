import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { ManualClock } from '../lab/clock.js';
import { createLabCertificate } from '../lab/kube-api/lab-tls.js';
import { kubeCredentials } from './kube-credentials.js';
import type { KubeTarget } from './kube-target.js';
import type { KubeconfigUser } from './kubeconfig.js';

const SECRET = 'credentials-test-secret';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function target(user: Omit<KubeconfigUser, 'name' | 'file'>, cluster: Partial<KubeTarget['cluster']> = {}): KubeTarget {
  return { where: '/k/config', context: 'admin@infra', cluster: { name: 'infra', file: '/k/config', server: 'https://127.0.0.1:6443', insecureSkipTlsVerify: false, ...cluster }, user: { name: 'admin', file: '/k/config', ...user } };
}

const configError = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('kubeCredentials', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends a bearer token, basic auth or impersonation headers', () => {
    expect(kubeCredentials(target({ token: SECRET })).headers()).toEqual({ Authorization: `Bearer ${SECRET}` });
    expect(kubeCredentials(target({ username: 'ops', password: SECRET })).headers()).toEqual({ Authorization: `Basic ${b64(`ops:${SECRET}`)}` });
    expect(kubeCredentials(target({ impersonate: 'jane', impersonateGroups: ['dev', 'ops'] })).headers()).toEqual({ 'Impersonate-User': 'jane', 'Impersonate-Group': ['dev', 'ops'] });
    expect(kubeCredentials(target({})).headers()).toEqual({});
  });

  it('re-reads a tokenFile once a minute and keeps the old token when the file vanishes', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'first\n');
    const clock = new ManualClock();
    const creds = kubeCredentials(target({ tokenFile: file }), clock);
    expect(creds.headers().Authorization).toBe('Bearer first');
    writeFileSync(file, 'second\n');
    clock.advance(59_000);
    expect(creds.headers().Authorization).toBe('Bearer first');
    clock.advance(1_000);
    expect(creds.headers().Authorization).toBe('Bearer second');
    rmSync(file);
    clock.advance(60_000);
    expect(creds.headers().Authorization).toBe('Bearer second');
  });

  it('checks certificates and keys up front, naming the entry and field only', () => {
    const lab = createLabCertificate('admin');
    const other = createLabCertificate('other');
    const ok = kubeCredentials(target({ clientCertificateData: b64(lab.certPem), clientKeyData: b64(lab.keyPem) }, { certificateAuthorityData: b64(other.certPem) }));
    expect(ok.tls.secureContext).toBeDefined();
    expect(ok.tls.rejectUnauthorized).toBe(true);
    const messages = [
      configError(() => kubeCredentials(target({}, { certificateAuthorityData: b64(SECRET) }))),
      configError(() => kubeCredentials(target({ clientCertificateData: b64(lab.certPem), clientKeyData: b64(`-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`) }))),
      configError(() => kubeCredentials(target({ clientCertificateData: b64(lab.certPem), clientKeyData: b64(other.keyPem) }))),
      configError(() => kubeCredentials(target({ clientCertificate: join(dir, 'missing.crt'), clientKeyData: b64(lab.keyPem) }))),
      configError(() => kubeCredentials(target({ tokenFile: join(dir, 'no-token') }))),
      configError(() => kubeCredentials(target({ token: `${SECRET}\nX-Injected: 1` }))),
    ];
    expect(messages).toEqual([
      "kubeconfig /k/config: cluster 'infra' certificate authority is not a PEM certificate",
      "kubeconfig /k/config: user 'admin' client key is not an unencrypted PEM private key",
      "kubeconfig /k/config: user 'admin' client certificate and key do not match",
      `kubeconfig /k/config: user 'admin' client-certificate ${join(dir, 'missing.crt')} cannot be read (ENOENT)`,
      `kubeconfig /k/config: user 'admin' tokenFile ${join(dir, 'no-token')} cannot be read (ENOENT)`,
      "kubeconfig /k/config: user 'admin' token holds spaces or control characters",
    ]);
    expect(messages.join('\n')).not.toContain(SECRET);
  });

  it('skips verification only when the kubeconfig says so, and passes tls-server-name', () => {
    expect(kubeCredentials(target({}, { insecureSkipTlsVerify: true, tlsServerName: 'kubernetes' })).tls).toEqual({ rejectUnauthorized: false, servername: 'kubernetes' });
  });
});
