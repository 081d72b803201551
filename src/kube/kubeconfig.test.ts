import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../errors/index.js';
import { mergeKubeconfigs, parseKubeconfig } from './kubeconfig.js';
import { kubeconfigFiles, loadKubeTarget } from './kubeconfig-files.js';
import { clientNodeReason, selectKubeContext } from './kube-target.js';

const SECRET = 'sekrit-token-value-1234';

/** A kubeconfig as kubectl writes one: clusters, users, contexts by name. */
function doc(opts: { clusters?: Record<string, object>; users?: Record<string, object>; contexts?: Record<string, object>; current?: string }): string {
  const named = (key: string, m: Record<string, object> = {}) => Object.entries(m).map(([name, v]) => ({ name, [key]: v }));
  return stringify({ apiVersion: 'v1', kind: 'Config', clusters: named('cluster', opts.clusters), users: named('user', opts.users), contexts: named('context', opts.contexts), ...(opts.current ? { 'current-context': opts.current } : {}) });
}

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('parseKubeconfig', () => {
  it('reads every field plat uses and resolves relative paths against the file', () => {
    const cfg = parseKubeconfig(
      doc({
        clusters: {
          infra: { server: 'https://10.25.11.11:6443', 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'kubernetes', 'proxy-url': 'socks5://127.0.0.1:1080' },
          lab: { server: 'http://127.0.0.1:8080', 'insecure-skip-tls-verify': true, 'certificate-authority-data': 'Q0E=' },
        },
        users: {
          admin: { 'client-certificate': '/etc/pki/admin.crt', 'client-key': 'admin.key', as: 'ops', 'as-groups': ['a', 'b'] },
          sa: { tokenFile: 'token' },
          old: { 'token-file': '../t' },
          basic: { username: 'u', password: 'p' },
          cloud: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws' } },
          local: { exec: { command: 'bin/kubelogin', args: ['get-token'] } },
        },
        contexts: { 'admin@infra': { cluster: 'infra', user: 'admin', namespace: 'flux-system' } },
        current: 'admin@infra',
      }),
      '/home/op/.kube/config',
    );
    expect(cfg.currentContext).toBe('admin@infra');
    expect(cfg.clusters.get('infra')).toEqual({
      name: 'infra',
      file: '/home/op/.kube/config',
      server: 'https://10.25.11.11:6443',
      certificateAuthority: '/home/op/.kube/pki/ca.crt',
      insecureSkipTlsVerify: false,
      tlsServerName: 'kubernetes',
      proxyUrl: 'socks5://127.0.0.1:1080',
    });
    expect(cfg.clusters.get('lab')).toMatchObject({ insecureSkipTlsVerify: true, certificateAuthorityData: 'Q0E=' });
    expect(cfg.users.get('admin')).toEqual({ name: 'admin', file: '/home/op/.kube/config', clientCertificate: '/etc/pki/admin.crt', clientKey: '/home/op/.kube/admin.key', impersonate: 'ops', impersonateGroups: ['a', 'b'] });
    expect(cfg.users.get('sa')?.tokenFile).toBe('/home/op/.kube/token');
    expect(cfg.users.get('old')?.tokenFile).toBe('/home/op/t');
    expect(cfg.users.get('basic')).toMatchObject({ username: 'u', password: 'p' });
    expect(cfg.users.get('cloud')?.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1', command: 'aws' });
    expect(cfg.users.get('local')?.exec).toEqual({ command: '/home/op/.kube/bin/kubelogin', args: ['get-token'] });
    expect(cfg.contexts.get('admin@infra')).toEqual({ name: 'admin@infra', file: '/home/op/.kube/config', cluster: 'infra', user: 'admin', namespace: 'flux-system' });
  });

  it('says where the YAML breaks without quoting the line (it may hold a token)', () => {
    const err = errorOf(() => parseKubeconfig(`users:\n- name: a\n  user:\n    token: ${SECRET}\n     bad: [`, '/k/config'));
    expect(err.message).toMatch(/^kubeconfig \/k\/config is not a valid kubeconfig \(YAML error at line \d+, column \d+\)$/);
    expect(err.message).not.toContain(SECRET);
  });

  it('names a field of the wrong type, not its value', () => {
    const err = errorOf(() => parseKubeconfig(doc({ users: { a: { token: 123456789 } } }), '/k/config'));
    expect(err.message).toBe('kubeconfig /k/config: users[0].user.token must be a string');
    expect(errorOf(() => parseKubeconfig('- a\n- b\n', '/k/config')).message).toBe('kubeconfig /k/config is not a valid kubeconfig (not a mapping)');
    expect(errorOf(() => parseKubeconfig(stringify({ contexts: [{ name: 'c', context: { user: 'u' } }] }), '/k/c')).message).toBe("kubeconfig /k/c: context 'c' names no cluster");
  });

  it('refuses a name given twice in one file, as kubectl does', () => {
    const text = stringify({ users: [{ name: 'a', user: { token: SECRET } }, { name: 'a', user: {} }] });
    const err = errorOf(() => parseKubeconfig(text, '/k/config'));
    expect(err.message).toBe("kubeconfig /k/config: users has 'a' more than once");
  });
});

describe('mergeKubeconfigs (KUBECONFIG=a:b)', () => {
  it('keeps the first definition of each name and the first current-context', () => {
    const a = parseKubeconfig(doc({ clusters: { infra: { server: 'https://a:6443' } }, users: { admin: { token: 'from-a' } }, contexts: { x: { cluster: 'infra', user: 'admin' } } }), '/a/config');
    const b = parseKubeconfig(
      doc({ clusters: { infra: { server: 'https://b:6443' }, apps: { server: 'https://apps:6443' } }, users: { admin: { token: 'from-b' } }, contexts: { x: { cluster: 'apps' }, y: { cluster: 'apps' } }, current: 'y' }),
      '/b/config',
    );
    const c = parseKubeconfig(doc({ current: 'x' }), '/c/config');
    const m = mergeKubeconfigs([a, b, c]);
    expect(m.files).toEqual(['/a/config', '/b/config', '/c/config']);
    expect(m.currentContext).toBe('y');
    expect(m.clusters.get('infra')).toMatchObject({ server: 'https://a:6443', file: '/a/config' });
    expect(m.clusters.get('apps')?.file).toBe('/b/config');
    expect(m.users.get('admin')?.token).toBe('from-a');
    expect(m.contexts.get('x')).toMatchObject({ cluster: 'infra', user: 'admin' });
    expect([...m.contexts.keys()]).toEqual(['x', 'y']);
    const t = selectKubeContext(m, '', 'a:b:c');
    expect(t).toMatchObject({ context: 'y', cluster: { name: 'apps', server: 'https://apps:6443' }, user: { name: '' } });
  });
});

describe('selectKubeContext', () => {
  const cfg = parseKubeconfig(
    doc({
      clusters: { infra: { server: 'https://10.25.11.11:6443/' }, bare: { server: '10.25.11.14:6443' }, plain: { server: 'http://127.0.0.1:1' }, nosrv: {} },
      users: { admin: { token: SECRET }, cloud: { exec: { command: 'aws' } }, oidc: { 'auth-provider': { name: 'oidc' } }, both: { token: SECRET, password: SECRET }, halfcert: { 'client-certificate-data': 'QQ==' } },
      contexts: {
        'admin@infra': { cluster: 'infra', user: 'admin', namespace: 'kube-system' },
        cloud: { cluster: 'infra', user: 'cloud' },
        oidc: { cluster: 'infra', user: 'oidc' },
        bare: { cluster: 'bare', user: 'admin' },
        plain: { cluster: 'plain', user: 'admin' },
        ghost: { cluster: 'nowhere', user: 'admin' },
        nouser: { cluster: 'infra', user: 'nobody' },
        nosrv: { cluster: 'nosrv' },
        both: { cluster: 'infra', user: 'both' },
        halfcert: { cluster: 'infra', user: 'halfcert' },
      },
    }),
    '/k/config',
  );

  it('picks the context, its cluster (trailing slash dropped) and user', () => {
    const t = selectKubeContext(cfg, 'admin@infra', '/k/config');
    expect(t).toMatchObject({ where: '/k/config', context: 'admin@infra', namespace: 'kube-system', cluster: { name: 'infra', server: 'https://10.25.11.11:6443' }, user: { name: 'admin', token: SECRET } });
    expect(clientNodeReason(t)).toBeUndefined();
    // client-go's DefaultServerURL: a bare host:port is https.
    expect(selectKubeContext(cfg, 'bare', '/k/config').cluster.server).toBe('https://10.25.11.14:6443');
  });

  it('sends exec plugins and auth-providers to @kubernetes/client-node', () => {
    expect(clientNodeReason(selectKubeContext(cfg, 'cloud', '/k/config'))).toBe("user 'cloud' runs an exec credential plugin");
    expect(clientNodeReason(selectKubeContext(cfg, 'oidc', '/k/config'))).toBe("user 'oidc' uses an auth-provider");
  });

  it('names the missing context, cluster or user and never a credential', () => {
    const messages: string[] = [];
    const check = (ctx: string, text: string, hint?: string) => {
      const err = errorOf(() => selectKubeContext(cfg, ctx, '/k/config'));
      expect(err.message).toBe(text);
      if (hint) expect(err.hint).toBe(hint);
      messages.push(err.message, err.hint ?? '');
    };
    check('admin@apps', "kubeconfig /k/config has no context 'admin@apps'", 'contexts in it: admin@infra, cloud, oidc, bare, plain, ghost, nouser, nosrv, both, halfcert');
    check('ghost', "kubeconfig /k/config: context 'ghost' uses cluster 'nowhere', which is not defined", 'clusters in it: infra, bare, plain, nosrv');
    check('nouser', "kubeconfig /k/config: context 'nouser' uses user 'nobody', which is not defined", 'users in it: admin, cloud, oidc, both, halfcert');
    check('nosrv', "kubeconfig /k/config: cluster 'nosrv' has no server");
    check('plain', "kubeconfig /k/config: context 'plain' uses plain http (http://127.0.0.1:1) without insecure-skip-tls-verify");
    check('both', "kubeconfig /k/config: user 'both' sets both a token and username/password; only one authentication method is allowed");
    check('halfcert', "kubeconfig /k/config: user 'halfcert' has a client certificate but no client-key or client-key-data");
    check('', 'kubeconfig /k/config sets no current-context');
    expect(messages.join('\n')).not.toContain(SECRET);
  });
});

describe('loadKubeTarget (files on disk)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string): string => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text, { mode: 0o600 });
    return p;
  };

  it('merges KUBECONFIG files in order, skipping missing ones, with paths relative to each file', () => {
    const a = write('a/config', doc({ clusters: { infra: { server: 'https://a:6443', 'certificate-authority': 'ca.crt' } }, users: { admin: { tokenFile: 'tok' } }, contexts: { 'admin@infra': { cluster: 'infra', user: 'admin' } } }));
    const b = write('b/config', doc({ clusters: { infra: { server: 'https://b:6443' } }, contexts: { 'admin@infra': { cluster: 'infra' } }, current: 'admin@infra' }));
    const env = { KUBECONFIG: [a, join(dir, 'missing'), b, ''].join(':') };
    expect(kubeconfigFiles(undefined, env)).toEqual({ files: [a, join(dir, 'missing'), b], mustExist: false });
    const t = loadKubeTarget({ context: '' }, env);
    expect(t.where).toBe(`${a}:${join(dir, 'missing')}:${b}`);
    expect(t.cluster).toMatchObject({ server: 'https://a:6443', certificateAuthority: join(dir, 'a', 'ca.crt'), file: a });
    expect(t.user).toMatchObject({ name: 'admin', tokenFile: join(dir, 'a', 'tok') });
  });

  it('prefers the explicit path, then KUBECONFIG, then ~/.kube/config', () => {
    expect(kubeconfigFiles('/x/kc', { KUBECONFIG: '/y' })).toEqual({ files: ['/x/kc'], mustExist: true });
    expect(kubeconfigFiles(undefined, { HOME: '/home/op' })).toEqual({ files: ['/home/op/.kube/config'], mustExist: true });
    write('home/.kube/config', doc({ clusters: { c: { server: 'https://c:6443' } }, contexts: { c: { cluster: 'c' } } }));
    expect(loadKubeTarget({ context: 'c' }, { HOME: join(dir, 'home') }).cluster.server).toBe('https://c:6443');
  });

  it('says which file does not exist or cannot be read', () => {
    expect(errorOf(() => loadKubeTarget({ kubeconfigPath: join(dir, 'nope'), context: 'x' }, {})).message).toBe(`kubeconfig ${join(dir, 'nope')} does not exist`);
    expect(errorOf(() => loadKubeTarget({ context: 'x' }, { KUBECONFIG: `${join(dir, 'n1')}:${join(dir, 'n2')}` })).message).toBe(`kubeconfig ${join(dir, 'n1')}:${join(dir, 'n2')} does not exist`);
    mkdirSync(join(dir, 'adir'));
    expect(errorOf(() => loadKubeTarget({ kubeconfigPath: join(dir, 'adir'), context: 'x' }, {})).message).toBe(`kubeconfig ${join(dir, 'adir')} cannot be read (EISDIR)`);
  });
});
