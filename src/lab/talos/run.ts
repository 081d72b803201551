/**
 * The talosctl stand-in's entry: parse argv like cobra, resolve the talosconfig context like
 * talosctl, run the command against the twin, and report errors the way cmd/talosctl/main.go
 * does — the message once on stderr, cobra's usage after a blank line when it mentions
 * `arg(s)`, `flag` or `command` (talos.md §0 fact 1), exit 1.
 */
import type { Twin } from '../twin/index.js';
import { CobraError, parseArgv, validateArgs, type CommandSpec, type Parsed } from './cobra.js';
import { helpString, usageString } from './cobra-usage.js';
import { ClientFileError, saveSnapshotFile } from './client-file.js';
import { runConfigContexts, runConfigInfo } from './cmd-config.js';
import { runEtcdAlarmDisarm, runEtcdAlarmList, runEtcdDefrag, runEtcdMembers, runEtcdStatus, snapshotSource } from './cmd-etcd.js';
import { runGet } from './cmd-get.js';
import { runHealth } from './cmd-health.js';
import { Reported, runLifecycle } from './cmd-lifecycle.js';
import { runLogs } from './cmd-logs.js';
import { runRead } from './cmd-read.js';
import { runService } from './cmd-service.js';
import { runUpgradeK8s } from './cmd-upgrade-k8s.js';
import { runVersion } from './cmd-version.js';
import { GLOBAL_FLAGS, talosctlTree } from './command-specs.js';
import { labSnapshot } from './etcd-snapshot.js';
import { goQuote } from './go-format.js';
import { readTalosconfig, talosconfigPath, TalosconfigError, type TalosconfigModel } from './talosconfig.js';
import { compareVersions, RpcError, TalosctlError, versionParts, type Session, type Sink } from './session.js';

export interface TalosctlContext {
  /** Already-loaded talosconfig (used unless argv has --talosconfig). */
  talosconfig?: TalosconfigModel;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Aborts long commands (logs -f, health, upgrade tracking), like Ctrl-C. */
  signal?: AbortSignal;
  /** The talosctl version to pretend to be; default: the scenario's. */
  clientVersion?: string;
}

export interface TalosctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Kubernetes version each talosctl minor defaults `upgrade-k8s --to` to. */
function defaultKubernetes(client: string): string {
  const table: Record<number, string> = { 10: '1.33.3', 11: '1.34.1', 12: '1.35.0', 13: '1.35.2', 14: '1.36.0' };
  return table[versionParts(client)[1]] ?? '1.34.1';
}

const WANTS_USAGE = /arg\(s\)|flag|command/;

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function unknownRootCommand(root: CommandSpec, word: string): string {
  const near = (root.children ?? []).filter((c) => levenshtein(c.name, word) <= 2 || c.name.startsWith(word)).map((c) => c.name);
  return `unknown command ${goQuote(word)} for "talosctl"${near.length ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join('')}` : ''}`;
}

async function dispatch(s: Session, run: string, config: TalosconfigModel): Promise<void> {
  switch (run) {
    case 'version': return runVersion(s);
    case 'get': return runGet(s);
    case 'service': return runService(s);
    case 'etcd-status': return runEtcdStatus(s);
    case 'etcd-members': return runEtcdMembers(s);
    case 'etcd-alarm-list': return runEtcdAlarmList(s);
    case 'etcd-alarm-disarm': return runEtcdAlarmDisarm(s);
    case 'etcd-defrag': return runEtcdDefrag(s);
    case 'etcd-snapshot': {
      snapshotSource(s);
      const path = s.parsed.args[0]!;
      const snap = await labSnapshot();
      await s.sink.saveFile(path, snap.bytes);
      s.sink.out(`etcd snapshot saved to ${goQuote(path)} (${snap.bytes.length} bytes)\n`);
      s.sink.out(`snapshot info: hash ${snap.hash.toString(16).padStart(8, '0')}, revision ${snap.revision}, total keys ${snap.totalKeys}, total size ${snap.totalSize}\n`);
      return;
    }
    case 'read': return runRead(s);
    case 'health': return runHealth(s);
    case 'upgrade': return runLifecycle(s, 'upgrade');
    case 'reboot': return runLifecycle(s, 'reboot');
    case 'shutdown': return runLifecycle(s, 'shutdown');
    case 'upgrade-k8s': return runUpgradeK8s(s);
    case 'logs': return runLogs(s);
    case 'config-contexts': return runConfigContexts(config, s.sink.out);
    case 'config-info': return runConfigInfo(config, s.contextName, s.parsed, s.clock.now(), s.sink.out);
    default: throw new TalosctlError(`the plat lab does not emulate "talosctl ${s.parsed.path.slice(1).join(' ')}"`);
  }
}

function loadConfig(parsed: Parsed, ctx: TalosctlContext, cwd: string): TalosconfigModel {
  const flag = parsed.flags['talosconfig'] as string | undefined;
  if (!flag && ctx.talosconfig) return ctx.talosconfig;
  return readTalosconfig(talosconfigPath(flag, ctx.env ?? process.env, cwd));
}

/** Run one talosctl command line against the twin, streaming output into `sink`; resolves to the exit code. */
export async function streamTalosctl(twin: Twin, argv: string[], ctx: TalosctlContext, sink: Sink): Promise<number> {
  const clientVersion = ctx.clientVersion ?? twin.talosctlVersion;
  const root = talosctlTree(clientVersion, defaultKubernetes(clientVersion));
  const cwd = ctx.cwd ?? process.cwd();
  let parsed: Parsed | undefined;
  const fail = (message: string, p: { cmd: CommandSpec; path: string[] } | undefined) => {
    if (message) sink.err(`${message}\n`);
    if (p && WANTS_USAGE.test(message)) sink.err(`\n${usageString(p.cmd, p.path, GLOBAL_FLAGS)}\n`);
    return 1;
  };
  try {
    parsed = parseArgv(root, argv, GLOBAL_FLAGS);
    if (parsed.help || !parsed.cmd.run) {
      if (!parsed.cmd.run && parsed.path.length === 1 && parsed.args.length) return fail(unknownRootCommand(root, parsed.args[0]!), parsed);
      sink.out(helpString(parsed.cmd, parsed.path, GLOBAL_FLAGS));
      return 0;
    }
    const argErr = validateArgs(parsed);
    if (argErr) return fail(argErr, parsed);
    const config = loadConfig(parsed, ctx, cwd);
    const contextName = (parsed.flags['context'] as string | undefined) || config.context;
    const context = config.contexts[contextName];
    if (!context) throw new TalosctlError(`context ${goQuote(contextName)} is not defined`);
    const local = parsed.cmd.run.startsWith('config-');
    const nodes = (parsed.flags['nodes'] as string[] | undefined) ?? context.nodes;
    const endpoints = (parsed.flags['endpoints'] as string[] | undefined) ?? context.endpoints;
    if (!local && endpoints.length === 0) throw new TalosctlError('failed to determine endpoints');
    if (!local && nodes.length === 0) throw new TalosctlError('nodes are not set for the command: please use `--nodes` flag or configuration file to set the nodes to run the command against');
    const session: Session = {
      twin,
      clock: twin.clock,
      sink,
      parsed,
      clientVersion,
      legacy: compareVersions(clientVersion, 'v1.14.0') < 0,
      cwd,
      context,
      contextName,
      targets: nodes.map((label) => ({ label, node: twin.node(label) })),
      endpoints,
      signal: ctx.signal,
    };
    await dispatch(session, parsed.cmd.run, config);
    return 0;
  } catch (e) {
    if (e instanceof CobraError) return fail(e.message, e);
    if (e instanceof Reported) return 1;
    if (e instanceof TalosctlError || e instanceof RpcError || e instanceof ClientFileError || e instanceof TalosconfigError) return fail(e.message, parsed);
    throw e;
  }
}

/** Run talosctl in-process and collect its output; `etcd snapshot` writes the file relative to ctx.cwd. */
export async function runTalosctl(twin: Twin, argv: string[], ctx: TalosctlContext = {}): Promise<TalosctlResult> {
  let stdout = '';
  let stderr = '';
  const cwd = ctx.cwd ?? process.cwd();
  const exitCode = await streamTalosctl(twin, argv, ctx, {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    saveFile: async (path, data) => void saveSnapshotFile(cwd, path, data),
  });
  return { stdout, stderr, exitCode };
}
