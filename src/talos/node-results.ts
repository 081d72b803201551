/**
 * Which node a talosctl answer or error belongs to — pure, so the rules are tested on recorded
 * output. One dead node must mark that node, not the cluster: talosctl ≤1.13 reports a partial
 * failure as a WARNING with exit 0, ≥1.14 as `error from node X` with exit 1, and in both cases
 * the healthy nodes' output is on stdout. Only a failure that names no node and leaves stdout
 * empty (endpoint down, bad talosconfig) fails the whole call.
 */
import {
  ActionFailed,
  ConfigError,
  Interrupted,
  ParseError,
  type PlatError,
  Unreachable,
  UserError,
} from '../errors/index.js';
import { mentionedNode, parseStderr, shortReason } from './stderr.js';
import type { NodeResults } from './types.js';

/** What one talosctl process left behind. */
export interface RunOutcome {
  /** Names the call in messages, e.g. `talosctl etcd status`. */
  command: string;
  nodes: string[];
  stdout: string;
  stderr: string;
  exitCode?: number;
  timedOut?: boolean;
  canceled?: boolean;
  /** The spawn error code (ENOENT, EACCES) when the process never started. */
  spawnError?: string;
  /** Signal that ended the process, when not our own timeout/cancel. */
  signal?: string;
  bin?: string;
  timeoutMs?: number;
}

const nodeList = (nodes: string[]) => (nodes.length ? ` (nodes ${nodes.join(',')})` : '');

/** Throw when the process did not run to an exit code (missing binary, timeout, cancel, killed). */
export function assertRan(run: RunOutcome): void {
  const bin = run.bin ?? 'talosctl';
  if (run.spawnError === 'ENOENT') {
    throw new UserError(`talosctl not found: "${bin}" is not an executable on PATH`, {
      hint: 'install talosctl (https://www.talos.dev, "talosctl" in your package manager) or point plat at its path',
    });
  }
  if (run.spawnError) throw new UserError(`${run.command}: cannot start "${bin}" (${run.spawnError})`);
  if (run.timedOut) {
    const secs = run.timeoutMs !== undefined ? `${Math.round(run.timeoutMs / 100) / 10} s` : 'the time limit';
    throw new Unreachable(`${run.command}: no answer within ${secs}${nodeList(run.nodes)}`, {
      hint: 'check that the Talos API (port 50000) of the talosconfig endpoints answers from here',
    });
  }
  if (run.canceled) throw new Interrupted(`${run.command}: canceled`);
  if (run.signal) throw new ActionFailed(`${run.command}: talosctl was ended by ${run.signal}`);
}

/** Turn an error that concerns the whole call into the typed error a user can act on. */
export function classifyFailure(command: string, text: string, nodes: string[]): PlatError {
  const reason = shortReason(text);
  if (/nodes are not set|context "[^"]*" is not defined|failed to determine endpoints|talosconfig|x509|certificate|tls: |code = (PermissionDenied|Unauthenticated)/i.test(text)) {
    return new ConfigError(`${command}: ${reason}`, {
      hint: 'check the talosconfig and talosContext in plat.yaml; endpoints must be control-plane nodes',
    });
  }
  if (/code = (Unavailable|DeadlineExceeded)|connection refused|no route to host|i\/o timeout|connection (error|closed)|context deadline exceeded|network is unreachable/i.test(text)) {
    return new Unreachable(`${command}${nodeList(nodes)}: ${reason}`, {
      hint: 'check that the Talos API (port 50000) of the talosconfig endpoints answers from here',
    });
  }
  if (/unknown (shorthand )?flag|unknown command/i.test(text)) {
    return new ActionFailed(`${command}: ${reason}`, { hint: 'this talosctl does not know that command or flag; use a talosctl matching the cluster' });
  }
  return new ActionFailed(`${command}${nodeList(nodes)}: ${reason}`);
}

/**
 * Merge parsed stdout (already keyed by node) with what stderr says. `emptyValue` is what a node
 * that printed nothing and reported no error gets (e.g. [] for `etcd alarm list`, which prints
 * nothing without alarms); without it such a node is reported as an error.
 */
export function mergeNodeResults<T>(run: RunOutcome, parsed: Record<string, T>, opts: { emptyValue?: T } = {}): NodeResults<T> {
  const report = parseStderr(run.stderr, run.nodes);
  const byNode: Record<string, T> = { ...parsed };
  const errors: Record<string, string> = {};
  for (const [n, reason] of Object.entries(report.nodeErrors)) errors[n] = shortReason(reason);
  const warnings = [...report.warnings];
  const silent = () => run.nodes.filter((n) => !(n in byNode) && !(n in errors));
  const answered = Object.keys(byNode).length > 0 || Object.keys(errors).length > 0;

  const rest = report.unattributed.filter((u) => {
    const named = u.perNode ? mentionedNode(u.text, silent()) : undefined;
    if (named) errors[named] = shortReason(u.text);
    return !named;
  });
  if (rest.length > 0) {
    const text = rest.map((u) => u.text).join('; ');
    if (!answered && !rest.some((u) => u.perNode)) throw classifyFailure(run.command, text, run.nodes);
    const quiet = silent();
    if (quiet.length > 0) for (const n of quiet) errors[n] = shortReason(text);
    else warnings.push(text);
  }

  const quiet = silent();
  if (quiet.length > 0 && Object.keys(byNode).length === 0 && Object.keys(errors).length === 0) {
    if ((run.exitCode ?? 0) !== 0) {
      throw new ActionFailed(`${run.command}${nodeList(run.nodes)}: talosctl exited with code ${run.exitCode} and printed no error`);
    }
    if (opts.emptyValue === undefined) throw new ParseError(run.command, 'empty output where rows were expected');
  }
  for (const n of quiet) {
    if (opts.emptyValue !== undefined) byNode[n] = opts.emptyValue;
    else errors[n] = 'talosctl printed nothing for this node';
  }
  return { byNode, errors, warnings };
}

/**
 * Group parsed rows by their node. talosctl prints the `-n` string as NODE; a blank NODE
 * (maintenance mode, or no node metadata in the reply) belongs to the only node asked, if one.
 */
export function groupByNode<R extends { node: string }>(rows: R[], nodes: string[]): Record<string, R[]> {
  const out: Record<string, R[]> = {};
  for (const r of rows) {
    const key = r.node === '' && nodes.length === 1 ? nodes[0]! : r.node;
    (out[key] ??= []).push(key === r.node ? r : { ...r, node: key });
  }
  return out;
}

/** Same, for commands with one answer per node (etcd status, version, service detail): the last one wins. */
export function oneByNode<R>(entries: [string, R][], nodes: string[]): Record<string, R> {
  const out: Record<string, R> = {};
  for (const [node, value] of entries) out[node === '' && nodes.length === 1 ? nodes[0]! : node] = value;
  return out;
}

/**
 * Results of one single-node process per node (used for `read`, which talosctl refuses to run
 * on several nodes). A node that timed out or failed gets an error; a missing binary, a cancel or
 * a talosconfig problem still fails the whole call, since it is not about that node.
 */
export function mergeSingleNodeRuns(runs: RunOutcome[]): NodeResults<string> {
  const out: NodeResults<string> = { byNode: {}, errors: {}, warnings: [] };
  for (const run of runs) {
    const node = run.nodes[0] ?? '';
    if (run.timedOut) {
      const secs = run.timeoutMs !== undefined ? `${Math.round(run.timeoutMs / 100) / 10} s` : 'the time limit';
      out.errors[node] = `no answer within ${secs}`;
      continue;
    }
    assertRan(run);
    const report = parseStderr(run.stderr, run.nodes);
    for (const w of report.warnings) if (!out.warnings.includes(w)) out.warnings.push(w);
    if (run.exitCode === 0) {
      out.byNode[node] = run.stdout;
      continue;
    }
    const named = report.nodeErrors[node] ?? Object.values(report.nodeErrors)[0];
    const text = named || report.unattributed.map((u) => u.text).join('; ') || `talosctl exited with code ${run.exitCode}`;
    const failure = classifyFailure(run.command, text, run.nodes);
    if (failure instanceof ConfigError) throw failure;
    out.errors[node] = shortReason(text);
  }
  return out;
}
