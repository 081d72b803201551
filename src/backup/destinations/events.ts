/**
 * What shipping to destinations reports, alongside the backup run's own events (events.ts): the
 * same three consumers (TUI, `-o jsonl`, the plain cron log). Pure.
 */
import { logLine, mb, type BackupEvent } from '../events.js';
import type { HashMethod } from './store.js';

export type DestinationEvent = { at: string } & (
  | { type: 'dest-open'; destination: string; where: string; hostKey?: string; tookOver?: string }
  | { type: 'dest-cleanup'; destination: string; removed: string[] }
  | { type: 'ship-start'; destination: string; cluster: string; file: string; bytes: number }
  | { type: 'ship-progress'; destination: string; cluster: string; file: string; bytes: number; total: number }
  | { type: 'shipped'; destination: string; cluster: string; file: string; bytes: number; seconds: number; checkedBy: HashMethod; adopted: boolean }
  | { type: 'ship-skipped'; destination: string; cluster: string; file: string; reason: string }
  | { type: 'dest-retention'; destination: string; cluster: string; kept: number; removed: string[]; stale?: string }
  | { type: 'dest-failed'; destination: string; error: string; hint?: string; exitCode: number }
  | { type: 'dest-done'; destination: string; shipped: string[] }
);

export interface DestinationOutcome {
  destination: string;
  ok: boolean;
  shipped: string[];
  removed: string[];
  error?: string;
  hint?: string;
}

const HOW: Record<HashMethod, string> = { sha256sum: 'sha256sum on the server', 'read-back': 'read back', local: 're-read' };

export function destinationLogLine(e: DestinationEvent): string {
  const t = e.at.replace(/\.\d{3}Z$/, 'Z');
  const d = `→ ${e.destination}: `;
  switch (e.type) {
    case 'dest-open':
      return `${t} ${d}${e.hostKey ? 'connected to' : 'writing to'} ${e.where}${e.hostKey ? ` (host key ${e.hostKey})` : ''}${e.tookOver ? `; took over a stale lock (${e.tookOver})` : ''}`;
    case 'dest-cleanup':
      return `${t} ${d}removed ${e.removed.length} leftover file${e.removed.length === 1 ? '' : 's'} of an interrupted upload`;
    case 'ship-start':
      return `${t} ${d}shipping ${e.file} (${mb(e.bytes)})`;
    case 'ship-progress':
      return `${t} ${d}${mb(e.bytes)} of ${mb(e.total)} sent`;
    case 'shipped':
      return e.adopted
        ? `${t} ${d}${e.file} was already there complete (sha256 checked by ${HOW[e.checkedBy]}); catalogued`
        : `${t} ${d}shipped ${e.file} (${mb(e.bytes)}, ${e.seconds.toFixed(1)} s, sha256 checked by ${HOW[e.checkedBy]})`;
    case 'ship-skipped':
      return `${t} ${d}not shipping ${e.file}: ${e.reason}`;
    case 'dest-retention':
      return e.stale ? `${t} ${d}${e.cluster} retention: ${e.stale}` : `${t} ${d}${e.cluster} retention kept ${e.kept}, removed ${e.removed.length}${e.removed.length ? `: ${e.removed.join(', ')}` : ''}`;
    case 'dest-failed':
      return `${t} ${d}FAILED: ${e.error}${e.hint ? ` (hint: ${e.hint})` : ''}`;
    case 'dest-done':
      return `${t} ${d}done, ${e.shipped.length} shipped`;
  }
}

/** One line per run for stdout, after the clusters' summary. */
export function destinationSummary(outcomes: readonly DestinationOutcome[]): string {
  if (!outcomes.length) return '';
  const parts = outcomes.map((o) => (o.ok ? `→ ${o.destination} ok (${o.shipped.length} shipped${o.removed.length ? `, pruned ${o.removed.length}` : ''})` : `→ ${o.destination} FAILED: ${o.error}`));
  return `${parts.join('; ')}\n`;
}

const DESTINATION_TYPES = new Set<string>(['dest-open', 'dest-cleanup', 'ship-start', 'ship-progress', 'shipped', 'ship-skipped', 'dest-retention', 'dest-failed', 'dest-done']);

export function isDestinationEvent(e: BackupEvent | DestinationEvent): e is DestinationEvent {
  return DESTINATION_TYPES.has(e.type);
}

/** The plain log line for any event of `plat backup run`. */
export function runEventLine(e: BackupEvent | DestinationEvent): string {
  return isDestinationEvent(e) ? destinationLogLine(e) : logLine(e);
}
