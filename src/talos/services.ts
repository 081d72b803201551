/**
 * `talosctl services` (table) and `talosctl service <id>` (key/value block). Both are text only.
 * Ages are Go durations rounded to seconds (`5m51s`, `59h56m27s`) and turn negative after a clock
 * jump at boot (`-5s ago`, seen on v1.11.3).
 */
import { excerpt, ParseError } from '../errors/index.js';
import { expectColumns, parseTable, tableRecords, withOptionalNode } from './table.js';
import type { ServiceDetail, ServiceEvent, ServiceRow } from './types.js';

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 };

/** Seconds in a Go `time.Duration.String()` text, or undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const m = /^(-)?((?:\d+(?:\.\d+)?(?:h|ms|us|µs|ns|m|s))+)$/.exec(text.trim());
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)) {
    total += Number(part[1]) * UNIT_SECONDS[part[2]!]!;
  }
  return m[1] ? -total : total;
}

const SERVICE_COLUMNS = ['SERVICE', 'STATE', 'HEALTH', 'LAST CHANGE', 'LAST EVENT'];

export function parseServices(text: string, command = 'talosctl services'): ServiceRow[] {
  const table = parseTable(text, command);
  if (table.columns.length === 0) throw new ParseError(command, 'empty output where service rows were expected');
  expectColumns(table, command, withOptionalNode(SERVICE_COLUMNS));
  return tableRecords(table).map((r) => {
    const lastChange = r['LAST CHANGE'] ?? '';
    const row: ServiceRow = {
      node: r['NODE'] ?? '',
      id: r['SERVICE'] ?? '',
      state: r['STATE'] ?? '',
      health: r['HEALTH'] ?? '',
      lastChange,
      lastEvent: r['LAST EVENT'] ?? '',
    };
    const secs = parseGoDuration(lastChange.replace(/ ago$/, ''));
    if (secs !== undefined) row.lastChangeSeconds = secs;
    return row;
  });
}

const DETAIL_KEYS = ['LAST HEALTH MESSAGE', 'NODE', 'ID', 'STATE', 'HEALTH', 'EVENTS'] as const;
const DETAIL_LINE = new RegExp(`^(${DETAIL_KEYS.join('|')})(?:\\s+(.*?))?\\s*$`);
const EVENT_LINE = /^\[([^\]]*)\]: (.*) \((\S+) ago\)$/;

function readEvent(text: string, command: string, lineNo: number): ServiceEvent {
  const m = EVENT_LINE.exec(text);
  if (!m) throw new ParseError(command, `line ${lineNo}: unexpected event "${excerpt(text)}"`);
  const ev: ServiceEvent = { state: m[1]!, message: m[2]!, age: m[3]! };
  const secs = parseGoDuration(m[3]!);
  if (secs !== undefined) ev.ageSeconds = secs;
  return ev;
}

/**
 * `service <id>` prints NODE/ID/STATE/HEALTH[/LAST HEALTH MESSAGE]/EVENTS (events newest first,
 * the later ones on continuation lines with a blank key). Several nodes give several blocks.
 */
export function parseServiceDetail(text: string, command = 'talosctl service'): ServiceDetail[] {
  const out: ServiceDetail[] = [];
  let cur: ServiceDetail | undefined;
  let last: string | undefined;
  text.replace(/\r/g, '').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    if (/^\s/.test(line)) {
      if (!cur || last !== 'EVENTS') throw new ParseError(command, `line ${i + 1}: unexpected "${excerpt(line)}"`);
      cur.events.push(readEvent(line.trim(), command, i + 1));
      return;
    }
    const m = DETAIL_LINE.exec(line);
    if (!m) throw new ParseError(command, `line ${i + 1}: unexpected "${excerpt(line)}"`);
    const key = m[1]!;
    const value = m[2] ?? '';
    // NODE opens a block; without node metadata the block opens with ID.
    if (key === 'NODE' || (key === 'ID' && (!cur || cur.id !== ''))) {
      cur = { node: key === 'NODE' ? value : '', id: '', state: '', health: '', events: [] };
      out.push(cur);
    }
    if (!cur) throw new ParseError(command, `line ${i + 1}: "${key}" before NODE or ID`);
    last = key;
    if (key === 'ID') cur.id = value;
    else if (key === 'STATE') cur.state = value;
    else if (key === 'HEALTH') cur.health = value;
    else if (key === 'LAST HEALTH MESSAGE') cur.lastHealthMessage = value;
    else if (key === 'EVENTS' && value) cur.events.push(readEvent(value, command, i + 1));
  });
  if (out.length === 0) throw new ParseError(command, 'empty output where a service was expected');
  for (const d of out) if (!d.id) throw new ParseError(command, `block of node "${d.node}" has no ID line`);
  return out;
}
