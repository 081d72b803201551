/**
 * A run as its journal tells it: which units are done, which one was running, the last gate and
 * how the run ended. `resume` starts from `done`; `runbook status` and the Runbooks screen print
 * the summary. Pure: the caller says whether the run's process is still alive (its lock).
 */
import type { RunEvent, PlannedUnit, RunResultKind, UnitResult } from './events.js';
import type { Runbook } from './schema.js';

export type RunState = 'running' | RunResultKind | 'stopped';
export type UnitState = 'pending' | 'running' | UnitResult;

export interface UnitSummary extends PlannedUnit {
  state: UnitState;
  startedAt?: string;
  endedAt?: string;
  /** Elapsed: until the end, or until the last event of the journal while it runs. */
  ms?: number;
  message?: string;
  /** How many times it was started (a resumed node counts twice). */
  starts: number;
}

export interface GateSummary {
  before: string;
  at: string;
  checks: { check: string; ok?: boolean; detail?: string }[];
  ok?: boolean;
}

export interface RunSummary {
  id: string;
  runbook: string;
  file: string;
  cluster: string;
  startedAt: string;
  /** Time of the newest event. */
  lastAt: string;
  endedAt?: string;
  /** `stopped`: no end recorded and no process holds the run any more (killed, power cut). */
  state: RunState;
  exitCode?: number;
  message?: string;
  hint?: string;
  units: UnitSummary[];
  /** The newest gate, complete or still being checked. */
  gate?: GateSummary;
  /** The unit being worked on (state `running`). */
  current?: string;
  lastMessage?: string;
  /** Units finished ok or skipped: resume does not do them again. */
  done: string[];
  resumes: number;
  definition: { runbook: Runbook; file: string; sha256: string; stepLines: number[] };
}

const ms = (a: string, b: string) => Math.max(0, Date.parse(b) - Date.parse(a));

/** Fold a journal; undefined when it has no run-start (not a journal plat wrote). */
export function foldRun(events: readonly RunEvent[], opts: { alive: boolean }): RunSummary | undefined {
  const start = events[0];
  if (!start || start.type !== 'run-start') return undefined;
  const units = new Map<string, UnitSummary>(start.units.map((u) => [u.unit, { ...u, state: 'pending' as UnitState, starts: 0 }]));
  const s: RunSummary = {
    id: start.run, runbook: start.runbook.name, file: start.file, cluster: start.cluster, startedAt: start.at, lastAt: start.at, state: 'running',
    units: [], done: [], resumes: 0,
    definition: { runbook: start.runbook, file: start.file, sha256: start.sha256, stepLines: start.stepLines },
  };
  let ended: RunResultKind | undefined;
  for (const e of events) {
    s.lastAt = e.at;
    switch (e.type) {
      case 'run-resume':
        s.resumes += 1;
        ended = undefined;
        delete s.endedAt;
        delete s.exitCode;
        delete s.hint;
        delete s.message;
        for (const u of units.values()) if (u.state === 'running') u.state = 'pending';
        break;
      case 'gate-start':
        s.gate = { before: e.before, at: e.at, checks: e.checks.map((check) => ({ check })) };
        break;
      case 'check': {
        const c = s.gate?.checks.find((x) => x.check === e.check && x.ok === undefined);
        if (c) Object.assign(c, { ok: e.ok, detail: e.detail });
        break;
      }
      case 'gate-end':
        if (s.gate) s.gate.ok = e.ok;
        break;
      case 'unit-start': {
        const u = units.get(e.unit) ?? { unit: e.unit, step: Number(/^s(\d+)/.exec(e.unit)?.[1] ?? 0), kind: e.kind, title: e.title, ...(e.node ? { node: e.node } : {}), state: 'pending' as UnitState, starts: 0 };
        Object.assign(u, { state: 'running', startedAt: e.at, starts: u.starts + 1 });
        delete u.endedAt;
        units.set(e.unit, u);
        break;
      }
      case 'progress':
        s.lastMessage = e.message;
        if (e.unit) {
          const u = units.get(e.unit);
          if (u) u.message = e.message;
        }
        break;
      case 'unit-end': {
        const u = units.get(e.unit);
        if (u) Object.assign(u, { state: e.result, endedAt: e.at, ms: e.ms, message: e.message });
        break;
      }
      case 'stop':
        s.message = e.message;
        if (e.hint) s.hint = e.hint;
        break;
      case 'run-end':
        ended = e.result;
        s.endedAt = e.at;
        s.exitCode = e.exitCode;
        s.message = e.message;
        break;
    }
  }
  s.units = [...units.values()].sort((a, b) => a.step - b.step || order(start.units, a.unit) - order(start.units, b.unit));
  for (const u of s.units) {
    if (u.state === 'running' && u.startedAt) u.ms = ms(u.startedAt, s.lastAt);
    if (u.state === 'ok' || u.state === 'skipped') s.done.push(u.unit);
  }
  if (ended) s.state = ended;
  else if (!opts.alive) s.state = 'stopped';
  const running = s.units.find((u) => u.state === 'running');
  if (running) s.current = running.unit;
  return s;
}

function order(planned: readonly PlannedUnit[], unit: string): number {
  const i = planned.findIndex((u) => u.unit === unit);
  return i < 0 ? planned.length : i;
}
