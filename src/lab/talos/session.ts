/**
 * One talosctl invocation: the parsed command line, the resolved talosconfig context, the targets
 * (`-n`) and endpoints (`-e`), and how talosctl reports per-node failures — the version split of
 * talos.md §0 fact 8 / §7: ≤ v1.13 goes through apid's one-to-many proxy (hashicorp multierror,
 * `WARNING:` + exit 0 for unary calls that partly worked), ≥ v1.14 fans out itself
 * (`error from node X: …` lines joined by newlines, exit 1).
 */
import type { Clock } from '../clock.js';
import type { Twin, TwinNode } from '../twin/index.js';
import type { Parsed } from './cobra.js';
import type { TalosconfigContext } from './talosconfig.js';

export interface Sink {
  out(text: string): void;
  err(text: string): void;
  /** The client side writes a file (etcd snapshot): `<path>.part`, fsync, size check, rename. Throws with talosctl's error text. */
  saveFile(path: string, data: Uint8Array): Promise<void>;
}

/** An error talosctl prints on stderr before exiting 1 (plus usage when it mentions a flag/command/arg). */
export class TalosctlError extends Error {}

/** A gRPC status error as talosctl renders it. */
export class RpcError extends Error {
  constructor(code: string, desc: string) {
    super(`rpc error: code = ${code} desc = ${desc}`);
  }
}

export interface Target {
  /** As given in -n (or the context's nodes): IP or hostname; printed in NODE columns. */
  label: string;
  node: TwinNode | undefined;
}

export interface Session {
  twin: Twin;
  clock: Clock;
  sink: Sink;
  parsed: Parsed;
  clientVersion: string;
  /** talosctl ≤ v1.13 semantics. */
  legacy: boolean;
  cwd: string;
  context: TalosconfigContext | undefined;
  contextName: string;
  targets: Target[];
  endpoints: string[];
  signal: AbortSignal | undefined;
}

export function versionParts(v: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** hashicorp/go-multierror ListFormatFunc. */
export function multiError(errors: string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

const dialError = (what: string) => new RpcError('Unavailable', `connection error: desc = "transport: Error while dialing: ${what}"`);

/** The error apid (or the client) gets dialing a node's Talos API, if any. */
export function reachError(twin: Twin, label: string, node: TwinNode | undefined): RpcError | undefined {
  if (!node) {
    return /^\d+\.\d+\.\d+\.\d+$/.test(label) ? dialError(`dial tcp ${label}:50000: i/o timeout`) : dialError(`dial tcp: lookup ${label} on 127.0.0.53:53: no such host`);
  }
  const state = twin.apiState(node);
  if (state === 'no-route') return dialError(`dial tcp ${node.ip}:50000: connect: no route to host`);
  if (state === 'refused') return dialError(`dial tcp ${node.ip}:50000: connect: connection refused`);
  return undefined;
}

/** The endpoint talosctl connects to must answer; else the whole command fails with its dial error. */
export function endpointError(s: Session): RpcError | undefined {
  let first: RpcError | undefined;
  for (const ep of s.endpoints) {
    const err = reachError(s.twin, ep, s.twin.node(ep));
    if (!err) return undefined;
    first ??= err;
  }
  return first;
}

export interface NodeResult<T> {
  label: string;
  value?: T;
  error?: string;
}

/** Call every target; RpcErrors become per-node results, anything else propagates. */
export function fanOut<T>(s: Session, call: (t: Target) => T): NodeResult<T>[] {
  const ep = endpointError(s);
  return s.targets.map((t) => {
    try {
      if (ep) throw ep;
      const err = reachError(s.twin, t.label, t.node);
      if (err) throw err;
      return { label: t.label, value: call(t) };
    } catch (e) {
      if (e instanceof RpcError) return { label: t.label, error: e.message };
      throw e;
    }
  });
}

/**
 * A unary multi-node API call (version, etcd status/members/alarms, services).
 * ≤1.13: all failed → `<legacyPrefix>: <multierror>`; some failed → WARNING on stderr, exit 0.
 * ≥1.14: print what worked, then every failure as `<modernPrefix(node)><error>`, exit 1.
 */
export function unary<T>(s: Session, legacyPrefix: string, modernPrefix: (node: string) => string, call: (t: Target) => T, print: (ok: { label: string; value: T }[]) => void): void {
  const results = fanOut(s, call);
  const ok = results.filter((r) => r.error === undefined) as { label: string; value: T }[];
  const bad = results.filter((r) => r.error !== undefined);
  if (s.legacy) {
    const ep = endpointError(s);
    if (ep) throw new TalosctlError(`${legacyPrefix}: ${ep.message}`);
    if (ok.length === 0 && bad.length) throw new TalosctlError(`${legacyPrefix}: ${multiError(bad.map((b) => `${b.label}: ${b.error}`))}`);
    if (bad.length) s.sink.err(`WARNING: ${multiError(bad.map((b) => `${b.label}: ${b.error}`))}\n`);
    print(ok);
    return;
  }
  print(ok);
  if (bad.length) throw new TalosctlError(bad.map((b) => `${modernPrefix(b.label)}${b.error}`).join('\n'));
}

/** helpers.ClientVersionCheck: warn (stderr) about nodes running an older Talos than this client. */
export function clientVersionCheck(s: Session): void {
  const warnings = fanOut(s, (t) => t.node!.talosVersion)
    .filter((r) => r.value && compareVersions(r.value, s.clientVersion) < 0)
    .map((r) => `${r.label}: server version ${r.value!.replace(/^v/, '')} is older than client version ${s.clientVersion.replace(/^v/, '')}`);
  if (warnings.length) s.sink.err(`WARNING: ${warnings.join(', ')}\n`);
}

/** helpers.FailIfMultiNodes / BuildClientEnforceSingleNode. */
export function singleNode(s: Session, command: string): Target {
  if (s.targets.length > 1) {
    throw new TalosctlError(s.legacy ? `command "${command}" is not supported with multiple nodes` : `command "${command}" requires exactly one node (got ${s.targets.length})`);
  }
  return s.targets[0]!;
}

/** Only control planes serve etcd APIs (v1alpha1_server.go checkControlplane). */
export function requireControlPlane(node: TwinNode, api: string): void {
  if (node.role !== 'controlplane') throw new RpcError('Unimplemented', `${api} is only available on control plane nodes`);
}
