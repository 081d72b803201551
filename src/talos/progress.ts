/**
 * Lines of long talosctl actions, tied to their node where talosctl names one. Without a TTY
 * (always the case under execa) the output is plain lines (cmd/talosctl/pkg/talos/action/tracker.go):
 * - legacy upgrade/reboot tracker (≤1.12, stderr): `"<node>": <message>` with the node Go-quoted;
 * - LifecycleService upgrade (≥1.13): `<node>: <message>` (installer output, `upgrade completed`);
 * - upgrade-k8s (stdout): ` > "<ip>": <message>` / ` < "<ip>": <message>`, and unprefixed phase lines;
 * - `health` (stderr): `discovered nodes: [...]`, `waiting for <check>: ...|OK|SKIP|<error>`.
 */
import type { HealthLine, ProgressLine } from './types.js';

const QUOTED = /^\s*(?:[<>] )?"((?:[^"\\]|\\.)+)": (.*)$/;
const TTY_ITEM = /^\s+\* (.+)$/;

/** `nodes` lets an unquoted `<node>: ` prefix count only when it is one of the call's nodes. */
export function parseProgressLine(line: string, stream: ProgressLine['stream'], nodes: string[] = []): ProgressLine {
  const out: ProgressLine = { stream, line, message: line };
  if (line.startsWith('WARNING: ')) {
    out.warning = true;
    out.message = line.slice('WARNING: '.length);
    return out;
  }
  const q = QUOTED.exec(line);
  if (q) {
    out.node = q[1]!.replace(/\\(.)/g, '$1');
    out.message = q[2]!;
    return out;
  }
  const body = TTY_ITEM.exec(line)?.[1] ?? line;
  for (const n of [...nodes].sort((a, b) => b.length - a.length)) {
    if (n && body.startsWith(`${n}: `)) {
      out.node = n;
      out.message = body.slice(n.length + 2);
      return out;
    }
  }
  return out;
}

const CHECK = /^(?:\S+ )?waiting for (.+?): (.*)$/;

/** One line of `talosctl health` (pkg/cluster/check reporter); a TTY spinner glyph in front is tolerated. */
export function parseHealthLine(line: string): HealthLine {
  const text = line.trim();
  const disc = /^discovered nodes: \[(.*)\]$/.exec(text);
  if (disc) return { kind: 'discovered', nodes: [...disc[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!) };
  const c = CHECK.exec(text);
  if (!c) return { kind: 'other', text };
  const [, check = '', status = ''] = c;
  if (status === '...') return { kind: 'check', check, state: 'running' };
  if (status === 'OK') return { kind: 'check', check, state: 'ok' };
  if (status === 'SKIP') return { kind: 'check', check, state: 'skip' };
  return { kind: 'check', check, state: 'failing', message: status };
}
