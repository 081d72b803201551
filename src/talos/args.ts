/**
 * talosctl argument arrays (never a shell string). Global flags first, then `-n a,b,c` with all
 * of a cluster's nodes in one process, then the subcommand. Values that could be read as flags
 * (a leading `-`) or split the node list (a comma, blanks) are refused before anything runs.
 */
import { UserError } from '../errors/index.js';

export interface TalosGlobalFlags {
  talosconfig?: string;
  context?: string;
}

/** A node: IPv4/IPv6 address or host name, as talosctl's `-n` takes it. */
const NODE = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;

export function checkNodes(nodes: string[], command: string): void {
  if (nodes.length === 0) throw new UserError(`${command}: no nodes given`);
  for (const n of nodes) {
    if (!NODE.test(n)) throw new UserError(`${command}: "${n}" is not a node address or name`);
  }
  if (new Set(nodes).size !== nodes.length) throw new UserError(`${command}: a node is listed twice (${nodes.join(',')})`);
}

/** Refuse a value that talosctl (cobra) would take for a flag or that is empty. */
export function checkValue(value: string, what: string, command: string): string {
  if (value === '' || value.startsWith('-') || /[\x00-\x1f]/.test(value)) {
    throw new UserError(`${command}: invalid ${what} "${value.replace(/[\x00-\x1f]/g, '?')}"`);
  }
  return value;
}

export function globalArgs(flags: TalosGlobalFlags): string[] {
  const out: string[] = [];
  if (flags.talosconfig) out.push('--talosconfig', flags.talosconfig);
  if (flags.context) out.push('--context', flags.context);
  return out;
}

/** `[--talosconfig p] [--context c] -n a,b,c <sub…>` */
export function buildArgs(flags: TalosGlobalFlags, nodes: string[], sub: string[]): string[] {
  return [...globalArgs(flags), '-n', nodes.join(','), ...sub];
}

/** The name used in messages: `talosctl` plus the subcommand words (flags and their values left out). */
export function commandName(sub: string[]): string {
  const words: string[] = [];
  for (const w of sub) {
    if (w.startsWith('-')) break;
    words.push(w);
  }
  return ['talosctl', ...words].join(' ');
}

export interface UpgradeOptions {
  image: string;
  /** Legacy (≤1.12) stage-then-reboot; deprecated on ≥1.13. */
  stage?: boolean;
  /** Skip etcd health checks — risks quorum; only on explicit request. */
  force?: boolean;
  rebootMode?: 'default' | 'powercycle';
  /** talosctl's own `--wait` (default true): follow the node until it is back. */
  wait?: boolean;
  /** talosctl's own `--timeout` as a Go duration (`30m`). */
  timeout?: string;
}

export function upgradeArgs(o: UpgradeOptions, command: string): string[] {
  const args = ['upgrade', '--image', checkValue(o.image, 'installer image', command)];
  if (o.stage) args.push('--stage');
  if (o.force) args.push('--force');
  if (o.rebootMode) args.push('--reboot-mode', o.rebootMode);
  args.push(`--wait=${o.wait ?? true}`);
  if (o.timeout) args.push('--timeout', checkValue(o.timeout, 'timeout', command));
  return args;
}

export interface UpgradeK8sOptions {
  to: string;
  from?: string;
  dryRun?: boolean;
  prePullImages?: boolean;
  upgradeKubelet?: boolean;
  /** Kubernetes API endpoint, when talosctl cannot find it itself. */
  endpoint?: string;
}

export function upgradeK8sArgs(o: UpgradeK8sOptions, command: string): string[] {
  const args = ['upgrade-k8s', '--to', checkValue(o.to, 'Kubernetes version', command)];
  if (o.from) args.push('--from', checkValue(o.from, 'Kubernetes version', command));
  if (o.dryRun) args.push('--dry-run');
  if (o.prePullImages !== undefined) args.push(`--pre-pull-images=${o.prePullImages}`);
  if (o.upgradeKubelet !== undefined) args.push(`--upgrade-kubelet=${o.upgradeKubelet}`);
  if (o.endpoint) args.push('--endpoint', checkValue(o.endpoint, 'endpoint', command));
  return args;
}

export interface LogsOptions {
  follow?: boolean;
  tail?: number;
}

export function logsArgs(service: string, o: LogsOptions, command: string): string[] {
  const args = ['logs', checkValue(service, 'service id', command)];
  if (o.follow) args.push('--follow');
  if (o.tail !== undefined) {
    if (!Number.isInteger(o.tail)) throw new UserError(`${command}: --tail must be a whole number`);
    args.push('--tail', String(o.tail));
  }
  return args;
}
