/**
 * One context picked out of a (merged) kubeconfig: its cluster and user, checked the way client-go
 * validates a client config (a context's cluster and user must exist, one authentication method
 * per user, a client certificate needs its key). Decides whether the light node:https client can
 * serve it or whether @kubernetes/client-node must (exec plugins, auth-providers, proxies). Pure.
 */
import { ConfigError } from '../errors/index.js';
import type { Kubeconfig, KubeconfigCluster, KubeconfigUser } from './kubeconfig.js';

export interface KubeTarget {
  /** The kubeconfig file, or the KUBECONFIG list, for messages. */
  where: string;
  context: string;
  namespace?: string;
  cluster: KubeconfigCluster & { server: string };
  /** A context without a user is anonymous: an empty user. */
  user: KubeconfigUser;
}

const listed = (what: string, names: Iterable<string>): string => {
  const all = [...names];
  return all.length ? `${what} in it: ${all.join(', ')}` : `it defines no ${what}`;
};

/** `context` '' means the kubeconfig's current-context. */
export function selectKubeContext(cfg: Kubeconfig, context: string, where: string): KubeTarget {
  const name = context || cfg.currentContext;
  if (!name) throw new ConfigError(`kubeconfig ${where} sets no current-context`, { hint: listed('contexts', cfg.contexts.keys()) });
  const ctx = cfg.contexts.get(name);
  if (!ctx) throw new ConfigError(`kubeconfig ${where} has no context '${name}'`, { hint: listed('contexts', cfg.contexts.keys()) });
  const found = cfg.clusters.get(ctx.cluster);
  if (!found) throw new ConfigError(`kubeconfig ${where}: context '${name}' uses cluster '${ctx.cluster}', which is not defined`, { hint: listed('clusters', cfg.clusters.keys()) });
  const user = ctx.user === undefined ? { name: '', file: ctx.file } : cfg.users.get(ctx.user);
  if (!user) throw new ConfigError(`kubeconfig ${where}: context '${name}' uses user '${ctx.user}', which is not defined`, { hint: listed('users', cfg.users.keys()) });
  if (!found.server) throw new ConfigError(`kubeconfig ${found.file}: cluster '${found.name}' has no server`);
  // client-go's DefaultServerURL: a bare host:port means https when TLS settings are in play.
  const server = (/^[a-z][a-z0-9+.-]*:\/\//i.test(found.server) ? found.server : `https://${found.server}`).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ConfigError(`kubeconfig ${found.file}: cluster '${found.name}' has a server that is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`kubeconfig ${found.file}: cluster '${found.name}' server must be an https:// (or http://) URL`);
  if (url.protocol === 'http:' && !found.insecureSkipTlsVerify) {
    // client-node 1.x refuses plain http unless told to skip TLS verification, and kubectl drops
    // bearer tokens over it: say so up front instead of failing (or leaking a token) later.
    throw new ConfigError(`kubeconfig ${where}: context '${name}' uses plain http (${server}) without insecure-skip-tls-verify`, {
      hint: 'use an https:// server, or set insecure-skip-tls-verify: true on that cluster',
    });
  }
  checkUser(user);
  const target: KubeTarget = { where, context: name, cluster: { ...found, server }, user };
  if (ctx.namespace) target.namespace = ctx.namespace;
  return target;
}

function checkUser(u: KubeconfigUser): void {
  const bad = (why: string): ConfigError => new ConfigError(`kubeconfig ${u.file}: user '${u.name}' ${why}`);
  // client-go: "more than one authentication method found …; only one is allowed".
  if ((u.token || u.tokenFile) && (u.username || u.password)) throw bad('sets both a token and username/password; only one authentication method is allowed');
  if (u.exec && u.authProvider) throw bad('sets both exec and auth-provider; only one is allowed');
  const cert = u.clientCertificate || u.clientCertificateData;
  const key = u.clientKey || u.clientKeyData;
  if (cert && !key) throw bad('has a client certificate but no client-key or client-key-data');
  if (key && !cert) throw bad('has a client key but no client-certificate or client-certificate-data');
}

/** Why this target needs @kubernetes/client-node, or undefined when plain node:https serves it. */
export function clientNodeReason(t: KubeTarget): string | undefined {
  if (t.user.exec) return `user '${t.user.name}' runs an exec credential plugin`;
  if (t.user.authProvider) return `user '${t.user.name}' uses an auth-provider`;
  if (t.cluster.proxyUrl) return `cluster '${t.cluster.name}' goes through proxy-url`;
  return undefined;
}
