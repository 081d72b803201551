/**
 * The talosctl adapter: the only file in this room that spawns. execa with argument arrays (no
 * shell), stdin closed (talosctl never waits for input), stdout and stderr kept apart, a per-call
 * timeout and AbortSignal. Queries send all of a cluster's nodes in ONE process (`-n a,b,c`);
 * the per-node mapping is done by the pure node-results.ts.
 */
import { talosctlSlots } from './process-slots.js';
import type { execa as Execa } from 'execa';

/** execa (and its dependency tree) loads on the first call, not when the talos room is imported. */
let execaModule: Promise<{ execa: typeof Execa }> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));
import { UserError } from '../errors/index.js';
import {
  buildArgs, checkNodes, checkValue, commandName, logsArgs, upgradeArgs, upgradeK8sArgs,
  type LogsOptions, type TalosGlobalFlags, type UpgradeK8sOptions, type UpgradeOptions,
} from './args.js';
import { parseEtcdAlarms, parseEtcdMembers, parseEtcdSnapshot } from './etcd-members.js';
import { parseEtcdStatus } from './etcd-status.js';
import { interleave, type TaggedLine } from './interleave.js';
import { parseResourceJson } from './json-stream.js';
import {
  assertRan, classifyFailure, groupByNode, mergeNodeResults, mergeSingleNodeRuns, oneByNode, type RunOutcome,
} from './node-results.js';
import { parseProgressLine } from './progress.js';
import { parseServiceDetail, parseServices } from './services.js';
import type {
  EtcdAlarmRow, EtcdMemberRow, EtcdSnapshotInfo, EtcdStatusRow, NodeResults, ProgressLine, ServiceDetail,
  ServiceRow, TalosResource, TalosVersionInfo,
} from './types.js';
import { parseVersion } from './version.js';

export interface TalosClientOptions extends TalosGlobalFlags {
  /** Executable name or path; default `talosctl` from PATH. */
  bin?: string;
  /** Extra environment (merged over process.env), e.g. the lab's PATH/TALOSCONFIG. */
  env?: NodeJS.ProcessEnv;
  /** Per-call limit for queries; default 15 000 ms. */
  timeoutMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type VersionResults = NodeResults<TalosVersionInfo> & { client?: TalosVersionInfo };

const DEFAULT_TIMEOUT_MS = 15_000;
/** A snapshot streams the whole etcd DB (up to the 2–8 GiB quota) through the endpoint. */
const SNAPSHOT_TIMEOUT_MS = 10 * 60_000;

/** The part of an execa result plan reads; `signal` only when it was not our own timeout/cancel. */
interface ExecaEnd {
  stdout?: unknown;
  stderr?: unknown;
  exitCode?: number;
  timedOut: boolean;
  isCanceled: boolean;
  signal?: string;
  code?: string;
}

function toOutcome(r: ExecaEnd, call: Pick<RunOutcome, 'command' | 'nodes' | 'bin' | 'timeoutMs'>): RunOutcome {
  const ours = r.timedOut || r.isCanceled;
  return {
    ...call,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    canceled: r.isCanceled,
    signal: ours ? undefined : r.signal,
    spawnError: r.exitCode === undefined && !ours && !r.signal ? (r.code ?? 'unknown') : undefined,
  };
}

export class TalosClient {
  readonly bin: string;
  readonly timeoutMs: number;
  private readonly flags: TalosGlobalFlags;
  private readonly env: NodeJS.ProcessEnv | undefined;

  constructor(opts: TalosClientOptions = {}) {
    this.bin = opts.bin ?? 'talosctl';
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.flags = { talosconfig: opts.talosconfig, context: opts.context };
    this.env = opts.env;
  }

  /** The argument array a call runs with (after the binary). */
  argsFor(nodes: string[], sub: string[]): string[] {
    return buildArgs(this.flags, nodes, sub);
  }

  async version(nodes: string[], call: CallOptions = {}): Promise<VersionResults> {
    const run = await this.run(nodes, ['version'], call);
    const parsed = run.stdout.trim() ? parseVersion(run.stdout, run.command) : { servers: {} };
    const merged = mergeNodeResults(run, oneByNode(Object.entries(parsed.servers), nodes));
    return parsed.client ? { ...merged, client: parsed.client } : merged;
  }

  /** `get <type> [id] -o json`; a node with no such resources gets []. */
  async get(type: string, nodes: string[], opts: CallOptions & { id?: string; namespace?: string } = {}): Promise<NodeResults<TalosResource[]>> {
    const sub = ['get', checkValue(type, 'resource type', 'talosctl get')];
    if (opts.id !== undefined) sub.push(checkValue(opts.id, 'resource id', 'talosctl get'));
    if (opts.namespace !== undefined) sub.push('--namespace', checkValue(opts.namespace, 'namespace', 'talosctl get'));
    const run = await this.run(nodes, [...sub, '-o', 'json'], opts);
    const rows = parseResourceJson(run.stdout, run.command);
    return mergeNodeResults(run, groupByNode(rows, nodes), { emptyValue: [] });
  }

  async services(nodes: string[], call: CallOptions = {}): Promise<NodeResults<ServiceRow[]>> {
    const run = await this.run(nodes, ['services'], call);
    const rows = run.stdout.trim() ? parseServices(run.stdout, run.command) : [];
    return mergeNodeResults(run, groupByNode(rows, nodes));
  }

  async service(id: string, nodes: string[], call: CallOptions = {}): Promise<NodeResults<ServiceDetail>> {
    const run = await this.run(nodes, ['service', checkValue(id, 'service id', 'talosctl service')], call);
    const details = run.stdout.trim() ? parseServiceDetail(run.stdout, run.command) : [];
    return mergeNodeResults(run, oneByNode(details.map((d) => [d.node, d]), nodes));
  }

  async etcdStatus(nodes: string[], call: CallOptions = {}): Promise<NodeResults<EtcdStatusRow>> {
    const run = await this.run(nodes, ['etcd', 'status'], call);
    const rows = run.stdout.trim() ? parseEtcdStatus(run.stdout, run.command) : [];
    return mergeNodeResults(run, oneByNode(rows.map((r) => [r.node, r]), nodes));
  }

  /** Each node's own view of the member list. */
  async etcdMembers(nodes: string[], call: CallOptions = {}): Promise<NodeResults<EtcdMemberRow[]>> {
    const run = await this.run(nodes, ['etcd', 'members'], call);
    const rows = run.stdout.trim() ? parseEtcdMembers(run.stdout, run.command) : [];
    return mergeNodeResults(run, groupByNode(rows, nodes));
  }

  /** No alarms prints nothing at all, so a quiet node gets []. */
  async etcdAlarms(nodes: string[], call: CallOptions = {}): Promise<NodeResults<EtcdAlarmRow[]>> {
    const run = await this.run(nodes, ['etcd', 'alarm', 'list'], call);
    return mergeNodeResults(run, groupByNode(parseEtcdAlarms(run.stdout, run.command), nodes), { emptyValue: [] });
  }

  /**
   * File contents per node. talosctl copies the file verbatim with no node prefix and refuses
   * several nodes (`command "read" is not supported with multiple nodes`, read.go @v1.12), so
   * this is the one query that runs one process per node — in parallel.
   */
  async read(path: string, nodes: string[], call: CallOptions = {}): Promise<NodeResults<string>> {
    if (!path.startsWith('/')) throw new UserError(`talosctl read: "${path}" is not an absolute path`);
    checkNodes(nodes, 'talosctl read');
    const runs = await Promise.all(nodes.map((n) => this.exec([n], ['read', path], call)));
    return mergeSingleNodeRuns(runs);
  }

  /** `etcd snapshot <path>` on one member; talosctl writes `<path>.part`, checks the sha256 trailer, renames. */
  async etcdSnapshot(node: string, path: string, call: CallOptions = {}): Promise<EtcdSnapshotInfo> {
    const sub = ['etcd', 'snapshot', checkValue(path, 'snapshot path', 'talosctl etcd snapshot')];
    const run = await this.run([node], sub, { ...call, timeoutMs: call.timeoutMs ?? SNAPSHOT_TIMEOUT_MS });
    if (run.exitCode !== 0) throw classifyFailure(run.command, run.stderr.trim() || `exited with code ${run.exitCode}`, [node]);
    return parseEtcdSnapshot(run.stdout, run.command);
  }

  async *upgrade(node: string, opts: UpgradeOptions & CallOptions): AsyncGenerator<ProgressLine> {
    yield* this.progress(node, upgradeArgs(opts, 'talosctl upgrade'), opts);
  }

  /** Run against one control-plane node; progress is on stdout. */
  async *upgradeK8s(node: string, opts: UpgradeK8sOptions & CallOptions): AsyncGenerator<ProgressLine> {
    yield* this.progress(node, upgradeK8sArgs(opts, 'talosctl upgrade-k8s'), opts);
  }

  async *reboot(node: string, opts: CallOptions & { wait?: boolean; mode?: 'default' | 'powercycle' } = {}): AsyncGenerator<ProgressLine> {
    const sub = ['reboot', `--wait=${opts.wait ?? true}`];
    if (opts.mode) sub.push('--mode', opts.mode);
    yield* this.progress(node, sub, opts);
  }

  async *shutdown(node: string, opts: CallOptions & { wait?: boolean; force?: boolean } = {}): AsyncGenerator<ProgressLine> {
    const sub = ['shutdown', `--wait=${opts.wait ?? true}`];
    if (opts.force) sub.push('--force');
    yield* this.progress(node, sub, opts);
  }

  /** Server-side health checks run by one control-plane node; lines go to stderr (see parseHealthLine). */
  async *health(node: string, opts: CallOptions & { waitTimeout?: string } = {}): AsyncGenerator<ProgressLine> {
    const sub = ['health'];
    if (opts.waitTimeout) sub.push('--wait-timeout', checkValue(opts.waitTimeout, 'wait timeout', 'talosctl health'));
    yield* this.progress(node, sub, opts);
  }

  /** Service log lines without talosctl's `<node>: ` prefix. Aborting the signal ends a follow quietly. */
  async *logs(node: string, service: string, opts: LogsOptions & CallOptions = {}): AsyncGenerator<string> {
    const prefix = `${node}: `;
    for await (const l of this.stream([node], logsArgs(service, opts, 'talosctl logs'), opts, true)) {
      if (l.stream === 'stdout') yield l.line.startsWith(prefix) ? l.line.slice(prefix.length) : l.line;
    }
  }

  private async *progress(node: string, sub: string[], call: CallOptions): AsyncGenerator<ProgressLine> {
    for await (const l of this.stream([node], sub, call, false)) yield parseProgressLine(l.line, l.stream, [node]);
  }

  /** Run to completion, buffering both streams; nothing thrown for a non-zero exit. */
  private async exec(nodes: string[], sub: string[], call: CallOptions): Promise<RunOutcome> {
    const command = commandName(sub);
    checkNodes(nodes, command);
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const { execa } = await loadExeca();
    const release = await talosctlSlots.acquire(call.signal);
    try {
      const r = await execa(this.bin, buildArgs(this.flags, nodes, sub), {
        reject: false, stdin: 'ignore', env: this.env, timeout: timeoutMs, cancelSignal: call.signal, stripFinalNewline: false,
      });
      return toOutcome(r, { command, nodes, bin: this.bin, timeoutMs });
    } finally {
      release();
    }
  }

  private async run(nodes: string[], sub: string[], call: CallOptions): Promise<RunOutcome> {
    const run = await this.exec(nodes, sub, call);
    assertRan(run);
    return run;
  }

  /**
   * Lines of both streams as they come; the process is killed if the consumer stops early. At the
   * end a failure is thrown as a typed error built from the last stderr lines. `quietCancel`: an
   * aborted signal just ends the stream (following logs), instead of throwing Interrupted.
   */
  private async *stream(nodes: string[], sub: string[], call: CallOptions, quietCancel: boolean): AsyncGenerator<TaggedLine<'stdout' | 'stderr'>> {
    const command = commandName(sub);
    checkNodes(nodes, command);
    const { execa } = await loadExeca();
    const proc = execa(this.bin, buildArgs(this.flags, nodes, sub), {
      reject: false, buffer: false, stdin: 'ignore', env: this.env, timeout: call.timeoutMs, cancelSignal: call.signal,
    });
    const tail: string[] = [];
    let done = false;
    try {
      for await (const l of interleave({ stdout: proc.iterable({ from: 'stdout' }), stderr: proc.iterable({ from: 'stderr' }) })) {
        if (l.stream === 'stderr' && l.line.trim()) {
          tail.push(l.line);
          if (tail.length > 20) tail.shift();
        }
        yield l;
      }
      done = true;
    } finally {
      if (!done) {
        proc.kill();
        await proc;
      }
    }
    const r = await proc;
    if (r.isCanceled && quietCancel) return;
    assertRan(toOutcome(r, { command, nodes, bin: this.bin, timeoutMs: call.timeoutMs }));
    // talosctl prints its final error last; earlier stderr lines are progress.
    if (r.exitCode !== 0) throw classifyFailure(command, tail[tail.length - 1] ?? `exited with code ${r.exitCode}`, nodes);
  }
}
