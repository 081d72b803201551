import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKubeconfig } from './kubeconfig.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeKubeconfig', () => {
  it('writes one admin@<cluster> context per cluster, 0600, CA for https and skip-verify for http', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plat-'));
    dirs.push(dir);
    const path = join(dir, 'kubeconfig');
    writeKubeconfig(path, [{ name: 'infra', url: 'https://127.0.0.1:1234', token: 't1', caData: 'Q0E=' }, { name: 'apps', url: 'http://127.0.0.1:5678' }], 'apps');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(path, 'utf8'))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'infra', cluster: { server: 'https://127.0.0.1:1234', 'certificate-authority-data': 'Q0E=' } },
        { name: 'apps', cluster: { server: 'http://127.0.0.1:5678', 'insecure-skip-tls-verify': true } },
      ],
      users: [{ name: 'admin@infra', user: { token: 't1' } }, { name: 'admin@apps', user: {} }],
      contexts: [
        { name: 'admin@infra', context: { cluster: 'infra', user: 'admin@infra', namespace: 'default' } },
        { name: 'admin@apps', context: { cluster: 'apps', user: 'admin@apps', namespace: 'default' } },
      ],
      'current-context': 'admin@apps',
      preferences: {},
    });
    writeKubeconfig(path, [{ name: 'infra', url: 'https://127.0.0.1:1', token: 't' }], 'admin@infra');
    expect(parse(readFileSync(path, 'utf8'))['current-context']).toBe('admin@infra');
  });
});
