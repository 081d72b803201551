/**
 * What a runbook run reports as it goes. One stream, four consumers: the journal (one JSON line
 * each, fsynced), `-o jsonl`, the plain log lines, and the Runbooks screen (which folds journals).
 * Pure.
 */
import type { Runbook, StepKind } from './schema.js';

/** A unit is what resume counts as done or not: a step, or one node of a talos-upgrade (`s2/apps-01`). */
export interface PlannedUnit {
  unit: string;
  /** 1-based step number. */
  step: number;
  kind: StepKind;
  title: string;
  node?: string;
  /** Line of the step in the runbook file. */
  line?: number;
}

export interface CheckOutcome {
  check: string;
  ok: boolean;
  /** Why, in one line: the evidence when it fails, a short summary when it passes. */
  detail: string;
  /** The check cannot pass by waiting: a backup would fix it (backup-fresh). */
  remedy?: 'backup';
}

export type UnitResult = 'ok' | 'skipped' | 'failed' | 'refused';
export type RunResultKind = 'ok' | 'failed' | 'refused' | 'interrupted';

export type RunEventBody =
  | {
      type: 'run-start';
      runbook: Runbook;
      file: string;
      sha256: string;
      stepLines: number[];
      cluster: string;
      units: PlannedUnit[];
      pid: number;
      host: string;
      command: string;
    }
  | { type: 'run-resume'; pid: number; host: string; command: string; done: string[] }
  | { type: 'gate-start'; before: string; checks: string[] }
  | { type: 'check'; before: string; check: string; ok: boolean; detail: string }
  | { type: 'gate-end'; before: string; ok: boolean; failed: string[] }
  | { type: 'unit-start'; unit: string; kind: StepKind; title: string; node?: string }
  | { type: 'progress'; unit?: string; node?: string; message: string; from?: 'talosctl' | 'backup' | 'flux' | 'exec' }
  | { type: 'warning'; unit?: string; message: string }
  | { type: 'unit-end'; unit: string; result: UnitResult; message: string; ms: number }
  | { type: 'stop'; reason: Exclude<RunResultKind, 'ok'>; unit?: string; message: string; hint?: string }
  | { type: 'run-end'; result: RunResultKind; exitCode: 0 | 1 | 5 | 130; message: string };

export type RunEvent = RunEventBody & { at: string; run: string };

export interface RunResult {
  id: string;
  result: RunResultKind;
  exitCode: 0 | 1 | 5 | 130;
  message: string;
  hint?: string;
}

export const EXIT_OF: Record<RunResultKind, 0 | 1 | 5 | 130> = { ok: 0, failed: 1, refused: 5, interrupted: 130 };

const clock = (iso: string) => iso.slice(11, 19);
const secs = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`);

/** The plain log line of an event (stderr by default; cron mail and journald keep these). */
export function eventLine(e: RunEvent): string {
  const t = clock(e.at);
  switch (e.type) {
    case 'run-start':
      return `${t} run ${e.run}: runbook ${e.runbook.name} (${e.file}) on cluster ${e.cluster}, ${e.units.length} unit${e.units.length === 1 ? '' : 's'}`;
    case 'run-resume':
      return `${t} resuming ${e.run}: ${e.done.length} unit${e.done.length === 1 ? '' : 's'} already done${e.done.length ? ` (${e.done.join(', ')})` : ''}`;
    case 'gate-start':
      return `${t} gate before ${e.before}: ${e.checks.join(', ')}`;
    case 'check':
      return `${t}   ${e.ok ? '✓' : '✗'} ${e.check}: ${e.detail}`;
    case 'gate-end':
      return `${t} gate before ${e.before}: ${e.ok ? 'passed' : `REFUSED (${e.failed.join(', ')})`}`;
    case 'unit-start':
      return `${t} ${e.unit} ${e.title}`;
    case 'progress':
      return `${t} ${e.unit ? `${e.unit} ` : ''}${e.from === 'talosctl' ? '│ ' : ''}${e.message}`;
    case 'warning':
      return `${t} ${e.unit ? `${e.unit} ` : ''}warning: ${e.message}`;
    case 'unit-end':
      return `${t} ${e.unit} ${e.result === 'ok' ? 'done' : e.result === 'skipped' ? 'skipped' : e.result.toUpperCase()}: ${e.message} (${secs(e.ms)})`;
    case 'stop':
      return `${t} stopped${e.unit ? ` at ${e.unit}` : ''}: ${e.message}${e.hint ? ` (next: ${e.hint})` : ''}`;
    case 'run-end':
      return `${t} run ${e.run} ${e.result}: ${e.message}`;
  }
}

export { secs as elapsedText };
