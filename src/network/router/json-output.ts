/**
 * Shared first step of every router parser: turn a command's stdout into JSON, or explain in one
 * line why not (empty, truncated, text instead of JSON, wrong shape), naming the command.
 */
import { ParseError, excerpt } from '../../errors/index.js';
import { BGP_FSM_STATES, type BgpFsmState } from './model.js';
import type { BgpSession } from './model.js';
import { check, pathText, type Shape } from '../shape.js';

export function parseJsonOutput(text: string, command: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new ParseError(command, 'printed nothing (expected JSON)');
  try {
    return JSON.parse(trimmed) as unknown;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // V8 says "Unexpected end of JSON input" (or "Unterminated string…") when output stops mid-document,
    // e.g. an SSH channel closed early or a pager cut it off.
    // Otherwise V8 names the position; an error AT the end means the text simply stopped.
    const at = /at position (\d+)/.exec(why);
    const atEnd = at !== null && Number(at[1]) >= trimmed.length;
    const truncated = (atEnd || /end of JSON input|Unterminated|Expected ',' or '[}\]]' after/.test(why)) && /^[[{]/.test(trimmed);
    const what = truncated ? 'output ends before the JSON does (truncated?)' : 'output is not JSON';
    throw new ParseError(command, `${what}: "${excerpt(trimmed)}"`, { cause: e });
  }
}

/** Check the parsed output's shape; the first problem is reported with its JSON path. */
export function checkShape<T>(shape: Shape<T>, value: unknown, command: string, text: string): T {
  const r = check(shape, value);
  if (r.ok) return r.value;
  const path = r.path.length > 0 ? pathText(r.path) : '(top level)';
  throw new ParseError(command, `unexpected JSON shape at ${path}: ${r.message}: "${excerpt(text.trim())}"`);
}

/**
 * FRR prints `Idle (Admin)` / `Idle (PfxCt)` for administratively stopped peers and `Clearing` /
 * `Deleted` while a peer is being torn down (bgp_debug.c bgp_status_msg); all of them are Idle for
 * the FSM, the raw text is kept as detail.
 */
export function frrState(raw: string, command: string): { state: BgpFsmState; detail?: string } {
  const known = BGP_FSM_STATES.find((s) => s === raw);
  if (known) return { state: known };
  if (/^Idle \(.+\)$/.test(raw) || raw === 'Clearing' || raw === 'Deleted') return { state: 'Idle', detail: raw };
  throw new ParseError(command, `unknown BGP state "${excerpt(raw, 40)}"`);
}

/**
 * AS numbers are integers in FRR and gobgp JSON; FRR ≥9.1 with `bgp as-notation dot` may print
 * "1.10" (asdot), which is 1·65536+10 in asplain.
 */
export function asPlain(v: number | string): number {
  if (typeof v === 'number') return v;
  const dot = /^(\d+)\.(\d+)$/.exec(v);
  if (dot) return Number(dot[1]) * 65536 + Number(dot[2]);
  return Number(v);
}

/** The fields every FRR view of a peer gives (summary and neighbor detail); the raw state text as detail. */
export function frrSessionBase(address: string, peer: { state: string; remoteAs: number | string; localAs: number | string }, command: string): BgpSession {
  const { state, detail } = frrState(peer.state, command);
  const s: BgpSession = { source: 'router', peerAddress: address, remoteAs: asPlain(peer.remoteAs), localAs: asPlain(peer.localAs), state };
  if (detail) s.stateDetail = detail;
  return s;
}

export function sumDefined(values: Array<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}
