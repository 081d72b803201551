/**
 * The kubeconfig, read the way kubectl (client-go's clientcmd) reads it: named clusters, users and
 * contexts; several files (KUBECONFIG=a:b) merge with the first file to define a name winning, and
 * the first current-context set winning; relative file paths (certificate-authority, client
 * certificate/key, tokenFile) resolve against the directory of the file that names them. Pure:
 * callers hand in the text and the file name. Messages name files, contexts, clusters, users and
 * fields, never a value that could be a credential.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../errors/index.js';
import { NOT_PLAIN, parsePlainYaml } from './plain-yaml.js';

export interface KubeconfigCluster {
  name: string;
  /** The file that defined it (first wins). */
  file: string;
  server?: string;
  certificateAuthorityData?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface KubeconfigUser {
  name: string;
  file: string;
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  /** `as` / `as-groups`: impersonation headers. */
  impersonate?: string;
  impersonateGroups?: string[];
  exec?: Record<string, unknown>;
  authProvider?: Record<string, unknown>;
}

export interface KubeconfigContext {
  name: string;
  file: string;
  cluster: string;
  user?: string;
  namespace?: string;
}

export interface Kubeconfig {
  files: string[];
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
  currentContext?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one field, refusing a wrong type by naming the field only (its value may be a secret). */
class FieldReader {
  constructor(
    private readonly file: string,
    private readonly at: string,
    private readonly o: Obj,
  ) {}
  private wrong(key: string, what: string): ConfigError {
    return new ConfigError(`kubeconfig ${this.file}: ${this.at}.${key} must be ${what}`);
  }
  str(key: string): string | undefined {
    const v = this.o[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw this.wrong(key, 'a string');
    return v;
  }
  bool(key: string): boolean {
    const v = this.o[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') throw this.wrong(key, 'true or false');
    return v;
  }
  strings(key: string): string[] | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw this.wrong(key, 'a list of strings');
    return v as string[];
  }
  obj(key: string): Obj | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) throw this.wrong(key, 'a mapping');
    return v;
  }
}

/** client-go's ResolveLocalPaths: relative to the directory of the kubeconfig that names the file. */
const resolvePath = (file: string, p: string | undefined): string | undefined => (p === undefined || isAbsolute(p) ? p : join(dirname(file), p));

/** A named list; one file naming an entry twice is an error in kubectl too (its message quotes the list, ours does not). */
function entries(file: string, doc: Obj, key: 'clusters' | 'users' | 'contexts', inner: 'cluster' | 'user' | 'context'): { name: string; at: string; body: Obj }[] {
  const list = doc[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ConfigError(`kubeconfig ${file}: ${key} must be a list`);
  const seen = new Set<string>();
  return list.map((e: unknown, i) => {
    const at = `${key}[${i}]`;
    if (!isObj(e) || typeof e.name !== 'string' || e.name === '') throw new ConfigError(`kubeconfig ${file}: ${at} has no name`);
    if (seen.has(e.name)) throw new ConfigError(`kubeconfig ${file}: ${key} has '${e.name}' more than once`);
    seen.add(e.name);
    const body = e[inner] ?? {};
    if (!isObj(body)) throw new ConfigError(`kubeconfig ${file}: ${at}.${inner} must be a mapping`);
    return { name: e.name, at: `${at}.${inner}`, body };
  });
}

/** One kubeconfig file's text. Invalid YAML is reported by line and column only (yaml quotes the line). */
export function parseKubeconfig(text: string, file: string): Kubeconfig {
  // The plain block YAML kubectl and talosctl write is read directly (plain-yaml.ts); anything
  // else goes to the yaml package.
  let doc: unknown = parsePlainYaml(text);
  if (doc === NOT_PLAIN) {
    try {
      // logLevel 'error': errors still throw, but warnings are not printed (they quote the source).
      doc = parse(text, { logLevel: 'error' });
    } catch (e) {
      const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
      throw new ConfigError(`kubeconfig ${file} is not a valid kubeconfig${pos ? ` (YAML error at line ${pos.line}, column ${pos.col})` : ''}`);
    }
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObj(doc)) throw new ConfigError(`kubeconfig ${file} is not a valid kubeconfig (not a mapping)`);
  const cfg: Kubeconfig = { files: [file], clusters: new Map(), users: new Map(), contexts: new Map() };
  const current = new FieldReader(file, 'kubeconfig', doc).str('current-context');
  if (current) cfg.currentContext = current;

  for (const { name, at, body } of entries(file, doc, 'clusters', 'cluster')) {
    const r = new FieldReader(file, at, body);
    const server = r.str('server');
    const cluster: KubeconfigCluster = { name, file, insecureSkipTlsVerify: r.bool('insecure-skip-tls-verify') };
    if (server) cluster.server = server;
    const ca = resolvePath(file, r.str('certificate-authority'));
    for (const [k, v] of [['certificateAuthorityData', r.str('certificate-authority-data')], ['certificateAuthority', ca], ['tlsServerName', r.str('tls-server-name')], ['proxyUrl', r.str('proxy-url')]] as const) if (v) cluster[k] = v;
    cfg.clusters.set(name, cluster);
  }
  for (const { name, at, body } of entries(file, doc, 'users', 'user')) {
    const r = new FieldReader(file, at, body);
    const user: KubeconfigUser = { name, file };
    const fields = {
      token: r.str('token'),
      // kubectl spells it tokenFile; @kubernetes/client-node reads token-file.
      tokenFile: resolvePath(file, r.str('tokenFile') ?? r.str('token-file')),
      clientCertificate: resolvePath(file, r.str('client-certificate')),
      clientCertificateData: r.str('client-certificate-data'),
      clientKey: resolvePath(file, r.str('client-key')),
      clientKeyData: r.str('client-key-data'),
      username: r.str('username'),
      password: r.str('password'),
      impersonate: r.str('as'),
    };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (user as unknown as Obj)[k] = v;
    const groups = r.strings('as-groups');
    if (groups?.length) user.impersonateGroups = groups;
    const exec = r.obj('exec');
    // client-go resolves an exec command naming a path (./bin/plugin) against the kubeconfig's
    // directory; a bare name is looked up on PATH.
    if (exec) user.exec = typeof exec.command === 'string' && exec.command.includes('/') ? { ...exec, command: resolvePath(file, exec.command) } : exec;
    const provider = r.obj('auth-provider');
    if (provider) user.authProvider = provider;
    cfg.users.set(name, user);
  }
  for (const { name, at, body } of entries(file, doc, 'contexts', 'context')) {
    const r = new FieldReader(file, at, body);
    const cluster = r.str('cluster');
    if (!cluster) throw new ConfigError(`kubeconfig ${file}: context '${name}' names no cluster`);
    const ctx: KubeconfigContext = { name, file, cluster };
    const user = r.str('user');
    if (user) ctx.user = user;
    const ns = r.str('namespace');
    if (ns) ctx.namespace = ns;
    cfg.contexts.set(name, ctx);
  }
  return cfg;
}

/** KUBECONFIG=a:b:c: the first file to define a cluster, user or context name wins, as does the first current-context. */
export function mergeKubeconfigs(configs: Kubeconfig[]): Kubeconfig {
  const out: Kubeconfig = { files: [], clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const c of configs) {
    out.files.push(...c.files);
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      const into = out[key] as Map<string, unknown>;
      for (const [name, v] of c[key]) if (!into.has(name)) into.set(name, v);
    }
    if (!out.currentContext && c.currentContext) out.currentContext = c.currentContext;
  }
  return out;
}
