/**
 * The dashboard's Runbooks screen as a pure view model: runs newest first; a running run (and the
 * newest one) in full — the current gate with each check, then one line per unit (per node for
 * Talos upgrades) with its state, elapsed time and latest message — older runs in one line.
 * Lines are styled segments shaped like views/segments.ts. Titles get what is left after the unit,
 * its time and room for its latest message; when that is too little (80 columns and less) they go.
 */
import { humanDuration } from '../time/index.js';
import { elapsedText } from './events.js';
import type { RunSummary, UnitState, RunState } from './run-state.js';
import type { RunbooksScreenData } from './runs.js';

export type RunbookTone = 'ok' | 'warn' | 'error' | 'pending' | 'muted' | 'accent';
export interface RunbookSegment {
  text: string;
  tone?: RunbookTone;
  bold?: boolean;
}
export type RunbookLine = readonly RunbookSegment[];

const RUN: Record<RunState, RunbookSegment> = {
  running: { text: '… running', tone: 'pending' },
  ok: { text: '✓ done', tone: 'ok' },
  failed: { text: '✗ failed', tone: 'error' },
  refused: { text: '✗ refused', tone: 'error' },
  interrupted: { text: '■ interrupted', tone: 'warn' },
  stopped: { text: '■ stopped', tone: 'warn' },
};

const UNIT: Record<UnitState, RunbookSegment> = {
  pending: { text: '·', tone: 'muted' },
  running: { text: '…', tone: 'pending' },
  ok: { text: '✓', tone: 'ok' },
  skipped: { text: '–', tone: 'muted' },
  failed: { text: '✗', tone: 'error' },
  refused: { text: '✗', tone: 'error' },
};

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function clip(line: RunbookSegment[], width: number): RunbookLine {
  const out: RunbookSegment[] = [];
  let left = width;
  for (const s of line) {
    if (left <= 0) break;
    if (s.text.length <= left) out.push(s);
    else out.push({ ...s, text: `${s.text.slice(0, Math.max(0, left - 1))}…` });
    left -= s.text.length;
  }
  return out;
}

const started = (r: RunSummary, now: number) => `${r.startedAt.slice(11, 16)} UTC (${humanDuration((now - Date.parse(r.startedAt)) / 1000)} ago)`;

function header(r: RunSummary, now: number): RunbookSegment[] {
  const done = r.units.filter((u) => u.state === 'ok' || u.state === 'skipped').length;
  return [RUN[r.state], { text: '  ' }, { text: r.runbook, bold: true }, { text: ` on ${r.cluster}  ${done}/${r.units.length} done  started ${started(r, now)}` }, { text: `  ${r.id}`, tone: 'muted' }];
}

function detail(r: RunSummary, width: number): RunbookSegment[][] {
  const out: RunbookSegment[][] = [];
  if (r.gate && (r.state === 'running' || r.gate.ok === false)) {
    const checks = r.gate.checks.map((c): RunbookSegment => (c.ok === undefined ? { text: `… ${c.check}`, tone: 'pending' } : c.ok ? { text: `✓ ${c.check}`, tone: 'ok' } : { text: `✗ ${c.check}`, tone: 'error' }));
    const state = r.gate.ok === undefined ? 'checking' : r.gate.ok ? 'passed' : 'REFUSED';
    out.push([{ text: `  gate before ${r.gate.before} ${state}: ` }, ...checks.flatMap((c, i) => (i ? [{ text: '  ' }, c] : [c]))]);
    for (const c of r.gate.checks) if (c.ok === false && c.detail) out.push([{ text: `    ${c.check}: ${c.detail}`, tone: 'error' }]);
  }
  const w = Math.max(...r.units.map((u) => u.unit.length));
  // the title gets what is left after the unit, the time and room for a message; too little → no title
  const room = width - w - 15 - 45;
  const wide = room >= 20;
  const tw = Math.min(Math.max(...r.units.map((u) => u.title.length)), room);
  for (const u of r.units) {
    const time = u.ms !== undefined ? elapsedText(u.ms) : '';
    const msg = u.state === 'running' || u.state === 'failed' || u.state === 'refused' ? u.message ?? '' : '';
    out.push([
      { text: '  ' }, UNIT[u.state], { text: ' ' }, { text: pad(u.unit, w), bold: u.state === 'running' },
      ...(wide ? [{ text: `  ${pad(u.title.length > tw ? `${u.title.slice(0, tw - 1)}…` : u.title, tw)}` }] : []),
      { text: `  ${pad(time, 7)}`, tone: 'muted' as const },
      ...(msg ? [{ text: `  ${msg}`, tone: u.state === 'running' ? ('pending' as const) : ('error' as const) }] : []),
    ]);
  }
  if (r.state !== 'running' && r.state !== 'ok') {
    const why = r.state === 'stopped' ? `the run's process is gone (killed?) during ${r.current ?? 'the run'}` : r.message;
    if (why) out.push([{ text: `  ${why}`, tone: r.state === 'interrupted' || r.state === 'stopped' ? 'warn' : 'error' }]);
    out.push([{ text: `  next: ${r.hint ?? `plat runbook resume ${r.id}`}`, tone: 'muted' }]);
  }
  return out;
}

export function runbookScreenLines(data: RunbooksScreenData | undefined, width: number): RunbookLine[] {
  if (!data) return [[{ text: 'runbooks: syncing… (journals not read yet)', tone: 'muted' }]];
  const lines: RunbookSegment[][] = [];
  if (data.runs.length === 0) lines.push([{ text: `no runbook runs yet in ${data.dir}`, tone: 'muted' }], [{ text: 'start one with: plat runbook run <file>   or   plat upgrade talos|k8s --cluster <name> …', tone: 'muted' }]);
  data.runs.forEach((r, i) => {
    if (i > 0) lines.push([]);
    lines.push(header(r, data.at));
    if (r.state === 'running' || i === 0) lines.push(...detail(r, width));
    else if (r.message && r.state !== 'ok') lines.push([{ text: `  ${r.message}`, tone: 'muted' }]);
  });
  for (const p of data.problems) lines.push([{ text: `▲ ${p}`, tone: 'warn' }]);
  return lines.map((l) => clip(l, width));
}
