/**
 * What talosctl writes to stderr, sorted into per-node errors, errors naming no node, and
 * warnings. The forms (reference: talos.md §0, §3.2, §7):
 * - ≤1.13, unary multi-node call with a partial failure: `WARNING: 1 error occurred:` then
 *   hashicorp/go-multierror bullets `\t* <node>: rpc error: …` and a blank line, exit 0;
 *   when every node failed the same list follows a prefix (`error getting status: 2 errors occurred:`), exit 1.
 * - ≤1.13 `get`: the bullets carry no node (`\t* rpc error: code = NotFound …`), exit 1.
 * - ≥1.14: one `error from node <n>: …` line per node (also `error listing resources on node <n>: …`,
 *   `error getting version from node <n>: …`), exit 1.
 * - a plain single error (`error getting routes: rpc error: code = Unavailable …`), exit 1, and cobra's
 *   usage text after it when the message mentions a flag, arg or command.
 * - `WARNING: <node>: server version X is older than client version Y` before many calls.
 */
import type { VersionSkew } from './types.js';

export interface UnattributedError {
  text: string;
  /** True when it came from a multi-node error list, i.e. it is about some node, just unnamed. */
  perNode: boolean;
}

export interface StderrReport {
  nodeErrors: Record<string, string>;
  unattributed: UnattributedError[];
  warnings: string[];
}

const MULTI = /^(.*?)(\d+) (?:errors?|error\(s\)) occurred:\s*$/;
const BULLET = /^\s*\* ?(.*)$/;
const FROM_NODE = /\b(?:from|on) node /;
const NODE_TOKEN = /^((?:\d{1,3}\.){3}\d{1,3}|[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*): (.+)$/s;

function byLengthDesc(nodes: string[]): string[] {
  return [...nodes].sort((a, b) => b.length - a.length);
}

/** `<node>: <reason>` with a requested node first; otherwise an IPv4 or host-like token (a dot, dash or digit in it). */
function splitNodePrefix(text: string, nodes: string[]): { node: string; reason: string } | undefined {
  for (const n of byLengthDesc(nodes)) if (n && text.startsWith(`${n}: `)) return { node: n, reason: text.slice(n.length + 2) };
  const m = NODE_TOKEN.exec(text);
  if (m && /[.\-\d]/.test(m[1]!)) return { node: m[1]!, reason: m[2]! };
  return undefined;
}

/** A requested node named in free text as a whole token (`dial tcp 10.0.20.3:50000`, `node "x"`); only if exactly one. */
export function mentionedNode(text: string, nodes: string[]): string | undefined {
  const hits = nodes.filter((n) => {
    if (!n) return false;
    const esc = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\w.-])${esc}(?![\\w-]|\\.\\w)`).test(text);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

export function parseStderr(stderr: string, nodes: string[]): StderrReport {
  const report: StderrReport = { nodeErrors: {}, unattributed: [], warnings: [] };
  let lines = stderr.replace(/\r/g, '').split('\n');
  const usage = lines.findIndex((l) => /^Usage:/.test(l));
  if (usage >= 0) lines = lines.slice(0, usage);

  // What a continuation line (no bullet, no prefix) extends.
  type Target = { kind: 'node'; node: string } | { kind: 'item'; index: number } | { kind: 'plain'; index: number } | undefined;
  let target: Target;
  let inList = false;
  const addNodeError = (node: string, reason: string) => {
    const prev = report.nodeErrors[node];
    report.nodeErrors[node] = prev ? `${prev}; ${reason}` : reason;
    target = { kind: 'node', node };
  };

  for (const line of lines) {
    if (line.trim() === '') {
      inList = false;
      target = undefined;
      continue;
    }
    const warning = line.startsWith('WARNING: ');
    const body = warning ? line.slice('WARNING: '.length) : line;
    if (MULTI.test(body)) {
      inList = true;
      target = undefined;
      continue;
    }
    const bullet = inList ? BULLET.exec(line) : null;
    if (bullet) {
      const item = bullet[1]!.trim();
      const named = splitNodePrefix(item, nodes);
      if (named) addNodeError(named.node, named.reason);
      else {
        report.unattributed.push({ text: item, perNode: true });
        target = { kind: 'item', index: report.unattributed.length - 1 };
      }
      continue;
    }
    const from = FROM_NODE.exec(body);
    if (from && /^[a-z][a-z ]*$/i.test(body.slice(0, from.index).trim())) {
      const rest = body.slice(from.index + from[0].length);
      const loose = /^(\S+?): (.*)$/s.exec(rest);
      const named = splitNodePrefix(rest, nodes) ?? (loose ? { node: loose[1]!, reason: loose[2]! } : undefined);
      if (named) {
        addNodeError(named.node, named.reason);
        continue;
      }
    }
    if (target && !warning) {
      // A message that runs over several lines (errors.Join, multi-line server errors).
      if (target.kind === 'node') report.nodeErrors[target.node] += ` ${line.trim()}`;
      else report.unattributed[target.index]!.text += ` ${line.trim()}`;
      continue;
    }
    if (warning) {
      report.warnings.push(body.trim());
      target = undefined;
      continue;
    }
    report.unattributed.push({ text: line.trim(), perNode: false });
    target = { kind: 'plain', index: report.unattributed.length - 1 };
  }
  return report;
}

/** `<node>: server version X is older than client version Y` (helpers.ClientVersionCheck). */
export function parseVersionSkew(warning: string): VersionSkew | undefined {
  const m = /^(?:WARNING: )?(.+?): server version (\S+) is older than client version (\S+)$/.exec(warning.trim());
  return m ? { node: m[1]!, server: m[2]!, client: m[3]! } : undefined;
}

/** One short line for a node's error: `rpc error: code = X desc = ` becomes `X: `, whitespace collapsed, bounded. */
export function shortReason(text: string, max = 200): string {
  const s = text
    .replace(/rpc error: code = (\w+) desc = /g, '$1: ')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '·')
    .trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
