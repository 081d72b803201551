/**
 * The talosconfig file (pkg/machinery/client/config: `context` + `contexts.<name>.{endpoints,
 * nodes, ca, crt, key}`), the lab's writer (one context per cluster, dummy certificates, mode
 * 0600) and talosctl's lookup order: --talosconfig, $TALOSCONFIG, ~/.talos/config.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { TwinCluster } from '../twin/index.js';

export interface TalosconfigContext {
  endpoints: string[];
  nodes: string[];
  ca?: string;
  crt?: string;
  key?: string;
}

export interface TalosconfigModel {
  context: string;
  contexts: Record<string, TalosconfigContext>;
  /** Where it was read from (for messages). */
  path?: string;
}

export class TalosconfigError extends Error {}

export function parseTalosconfig(text: string, path?: string): TalosconfigModel {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new TalosconfigError(`failed to parse config: ${(e as Error).message.split('\n')[0]}`);
  }
  const d = (doc ?? {}) as { context?: unknown; contexts?: Record<string, Record<string, unknown>> };
  const contexts: Record<string, TalosconfigContext> = {};
  for (const [name, c] of Object.entries(d.contexts ?? {})) {
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    contexts[name] = {
      endpoints: list(c?.['endpoints']),
      nodes: list(c?.['nodes']),
      ca: typeof c?.['ca'] === 'string' ? (c['ca'] as string) : undefined,
      crt: typeof c?.['crt'] === 'string' ? (c['crt'] as string) : undefined,
      key: typeof c?.['key'] === 'string' ? (c['key'] as string) : undefined,
    };
  }
  return { context: typeof d.context === 'string' ? d.context : '', contexts, path };
}

/** talosctl's lookup: flag, then $TALOSCONFIG, then $HOME/.talos/config. */
export function talosconfigPath(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  if (env['TALOSCONFIG']) return resolve(cwd, env['TALOSCONFIG']);
  return join(env['HOME'] ?? '/root', '.talos', 'config');
}

export function readTalosconfig(path: string): TalosconfigModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TalosconfigError(`open ${path}: ${code === 'EACCES' ? 'permission denied' : 'no such file or directory'}`);
  }
  return parseTalosconfig(text, path);
}

/** A base64 PEM block that is obviously not a key: the lab has no real Talos PKI. */
function dummyPem(kind: string, label: string): string {
  const body = Buffer.from(`plat lab dummy ${kind.toLowerCase()} for ${label} - not a real credential`).toString('base64');
  return Buffer.from(`-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`).toString('base64');
}

/** One context per cluster (named after it), endpoints = the control planes, nodes = every node. */
export function writeTalosconfig(path: string, clusters: readonly TwinCluster[], current?: string): TalosconfigModel {
  const contexts: Record<string, TalosconfigContext> = {};
  for (const c of clusters) {
    const cps = c.nodes.filter((n) => n.role === 'controlplane').map((n) => n.ip);
    contexts[c.name] = {
      endpoints: cps.length ? cps : c.nodes.map((n) => n.ip),
      nodes: c.nodes.map((n) => n.ip),
      ca: dummyPem('CERTIFICATE', `${c.name} ca`),
      crt: dummyPem('CERTIFICATE', `${c.name} admin`),
      key: dummyPem('ED25519 PRIVATE KEY', `${c.name} admin`),
    };
  }
  const model: TalosconfigModel = { context: current ?? clusters[0]?.name ?? '', contexts, path };
  mkdirSync(dirname(path), { recursive: true });
  const text = stringify({ context: model.context, contexts }, { indent: 4, indentSeq: true, lineWidth: 0 });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  return model;
}
