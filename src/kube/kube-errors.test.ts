import { describe, expect, it } from 'vitest';
import { Unreachable } from '../errors/index.js';
import { connectionError } from './kube-errors.js';

const fail = (code: string) => connectionError('admin@infra', '10.25.11.10:6443', Object.assign(new Error('x'), { code })) as Unreachable;

describe('connectionError', () => {
  it('a network failure cannot reach the server; a TLS failure reached it and says which side refused', () => {
    expect(fail('ECONNREFUSED').message).toBe('admin@infra: cannot reach the Kubernetes API server at 10.25.11.10:6443 (ECONNREFUSED)');
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']) {
      expect(fail(code).message).toBe(`admin@infra: the Kubernetes API server at 10.25.11.10:6443 fails TLS verification (${code})`);
      expect(fail(code).hint).toMatch(/^its certificate is not signed by the kubeconfig's certificate-authority/);
    }
    expect(fail('CERT_HAS_EXPIRED').hint).toBe("its certificate is outside its validity period: check this machine's clock, then the cluster's certificates");
    expect(fail('ERR_TLS_CERT_ALTNAME_INVALID').hint).toMatch(/^its certificate does not name this address/);
    const alert = fail('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(alert.message).toBe("admin@infra: the Kubernetes API server at 10.25.11.10:6443 refused plat's TLS client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED)");
    expect(alert.hint).toMatch(/client certificate is missing, expired or from another CA/);
    const plain = fail('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(plain.message).toBe('admin@infra: TLS with the Kubernetes API server at 10.25.11.10:6443 failed (ERR_SSL_WRONG_VERSION_NUMBER)');
    expect(plain.hint).toMatch(/API server's TLS port/);
  });

  it('leaves anything else as it was', () => {
    const other = new Error('boom');
    expect(connectionError('admin@infra', 'x', other)).toBe(other);
  });
});
