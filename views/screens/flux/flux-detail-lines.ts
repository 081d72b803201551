/**
 * One Flux object's drill-down as lines: what it is and its state, why it is not ready (the
 * dependency chain down to the root cause, and what to do), its revisions, its conditions and its
 * Events. Pure: the live row, the chain and the on-demand reads come in.
 */
import { humanDuration } from '../../../src/time/index.js';
import { refFromString, shortRef, sinceSeconds, stateLook, type FluxCondition, type FluxEvent, type FluxRow, type FluxWhy, type WhyLink } from '../../../src/flux/index.js';
import type { FluxObjectAddress, FluxObjectDetail } from '../../../src/fleet/index.js';
import { flowLines, hangingLines, type Line, type Segment } from '../../segments.js';
import { fit } from '../../text-layout.js';
import type { Tone } from '../../theme.js';
import { readyCell, stateCell, suspendedCell, type FluxRowProgress } from './flux-cells.js';

export type DetailRead = { state: 'loading' } | { state: 'ok'; detail: FluxObjectDetail } | { state: 'error'; error: string };

export interface FluxDetailInput {
  target: FluxObjectAddress;
  clusterIndex: number;
  row: FluxRow | undefined;
  why: FluxWhy | undefined;
  read: DetailRead;
  progress?: FluxRowProgress;
  /** Rows of the same cluster by `Kind/ns/name`, for the state of its source and dependencies. */
  lookup(ref: string): FluxRow | undefined;
  now: number;
  width: number;
}

const title = (text: string): Line => [{ text, bold: true, tone: 'accent' }];
/** How long ago an RFC 3339 time was ('' when there is none): a state's since, a condition's, an Event's. */
const age = (since: string | undefined, now: number): string => {
  const s = sinceSeconds({ since }, now);
  return s === undefined ? '' : humanDuration(s);
};

function linkLook(l: WhyLink): { glyph: string; word: string; tone: Tone } {
  return l.state === 'Missing' ? { glyph: '✗', word: 'NotFound', tone: 'error' } : stateLook(l.state);
}

function whyLines(why: FluxWhy, now: number, width: number): Line[] {
  if (why.ready && !why.command) return [[{ text: '  ✓ Ready: nothing to fix', tone: 'ok' }]];
  if (why.ready) return [...hangingLines([{ text: '  ▲ ', tone: 'warn' }], why.chainText, width, undefined, 4), ...hangingLines([{ text: '  What to do: ', bold: true }], `${why.advice}: ${why.command}`, width, undefined, 4)];
  const lines: Line[] = [];
  why.chain.forEach((l, i) => {
    const look = linkLook(l);
    const when = age(l.since, now);
    const facts = [look.word, l.reason && l.reason !== look.word ? l.reason : '', when ? `since ${when}` : ''].filter(Boolean).join(' · ');
    lines.push([{ text: i === 0 ? '  ' : '  → ', tone: 'muted' }, { text: `${look.glyph} `, tone: look.tone }, { text: l.ref, bold: true }, { text: `  ${facts}`, tone: look.tone }]);
  });
  const root = why.chain.at(-1)!;
  // With one link the message is the object's own, already shown above.
  if (root.message && why.chain.length > 1) lines.push(...hangingLines([{ text: '      ' }], root.message, width, 'muted'));
  if (why.chain.length > 1) lines.push([{ text: '  Root cause: ', bold: true }, { text: root.ref, tone: linkLook(root).tone }]);
  lines.push(...hangingLines([{ text: '  What to do: ', bold: true }], `${why.advice}${why.command ? `: ${why.command}` : ''}`, width, undefined, 4));
  return lines;
}

/** A source or dependency (`Kind/ns/name`) with its live state, or "not found". */
function refState(ref: string, lookup: FluxDetailInput['lookup']): Segment[] {
  const parsed = refFromString(ref);
  const shown = parsed ? shortRef(parsed) : ref;
  const r = lookup(ref);
  if (!r) return [{ text: shown }, { text: '  ✗ not found', tone: 'error' }];
  const look = stateLook(r.state);
  return [{ text: shown }, { text: `  ${look.glyph} ${look.word}`, tone: look.tone }];
}

function revisionLines(input: FluxDetailInput, row: FluxRow): Line[] {
  const pad = (label: string) => ({ text: `  ${fit(label, 18)}`, tone: 'muted' as const });
  const lines: Line[] = [];
  if (input.read.state === 'ok') for (const r of input.read.detail.revisions) lines.push([pad(r.label), { text: r.value }]);
  else lines.push([pad('revision'), row.revision ? { text: row.revision } : { text: '—', tone: 'muted' }]);
  if (row.source) lines.push([pad('source'), ...refState(row.source, input.lookup)]);
  for (const d of row.dependsOn) lines.push([pad('depends on'), ...refState(d, input.lookup)]);
  return lines;
}

function conditionLook(c: FluxCondition): { glyph: string; tone: Tone } {
  if (c.status === 'Unknown') return { glyph: '…', tone: 'pending' };
  const on = c.status === 'True';
  if (c.type === 'Stalled') return on ? { glyph: '✗', tone: 'error' } : { glyph: '✓', tone: 'muted' };
  if (c.type === 'Reconciling') return on ? { glyph: '…', tone: 'pending' } : { glyph: '✓', tone: 'muted' };
  return on ? { glyph: '✓', tone: 'ok' } : { glyph: '✗', tone: 'error' };
}

function conditionLines(conditions: readonly FluxCondition[], now: number, width: number): Line[] {
  if (conditions.length === 0) return [[{ text: '  none (not reconciled yet)', tone: 'muted' }]];
  const typeWidth = Math.max(...conditions.map((c) => c.type.length));
  const reasonWidth = Math.min(28, Math.max(...conditions.map((c) => c.reason.length)));
  return conditions.flatMap((c) => {
    const look = conditionLook(c);
    const when = age(c.lastTransitionTime, now);
    const head: Segment[] = [
      { text: `  ${look.glyph} `, tone: look.tone },
      { text: `${fit(c.type, typeWidth)}  ${fit(c.status, 7)} ${fit(c.reason, reasonWidth)} ${fit(when, 6, 'right')}  ` },
    ];
    return hangingLines(head, c.message.replace(/\s*\n\s*/g, ' ') || '—', width, 'muted', 4);
  });
}

function eventLines(read: DetailRead, now: number, width: number): Line[] {
  if (read.state === 'loading') return [[{ text: '  … reading events', tone: 'pending' }]];
  if (read.state === 'error') return hangingLines([{ text: '  ✗ could not read events: ', tone: 'error' }], read.error, width, 'muted', 4);
  const events: FluxEvent[] = read.detail.events.slice(-12);
  if (events.length === 0) return [[{ text: '  no events (they expire an hour after the last one)', tone: 'muted' }]];
  return events.flatMap((e) => {
    const warn = e.type === 'Warning';
    const head: Segment[] = [
      { text: `  ${fit(age(e.lastSeen, now), 6, 'right')}  `, tone: 'muted' },
      { text: `${fit(e.type, 7)} `, tone: warn ? 'warn' : 'muted' },
      { text: `${e.reason}  `, bold: warn },
    ];
    const count = e.count > 1 ? ` (x${e.count})` : '';
    return hangingLines(head, `${e.message.replace(/\s*\n\s*/g, '; ')}${count}`, width, undefined, 4);
  });
}

export function fluxDetailLines(input: FluxDetailInput): Line[] {
  const { target, row, now, width } = input;
  const ref = shortRef(target);
  const head: Line = [{ text: target.cluster, clusterIndex: input.clusterIndex, bold: true }, { text: ' / ' }, { text: ref, bold: true }];
  if (!row) return [head, [{ text: `${ref} is no longer reported by cluster ${target.cluster}`, tone: 'warn' }]];
  const lines: Line[] = [head];
  const generation = row.generation === undefined ? '' : ` · generation ${row.generation}${row.observedGeneration !== undefined ? ` (observed ${row.observedGeneration})` : ''}`;
  lines.push([{ text: `${row.kind} ${row.namespace}/${row.name} · ${row.apiVersion}${generation}`, tone: 'muted' }]);
  const state = stateCell(row);
  const ready = readyCell(row);
  const suspended = suspendedCell(row);
  const since = age(row.since, now);
  lines.push(
    ...flowLines(
      [[{ text: state.text, tone: state.tone }], [{ text: 'READY ' }, { text: ready.text, tone: ready.tone }], [{ text: 'SUSPENDED ' }, { text: suspended.text, tone: suspended.tone }], ...(since ? [[{ text: `since ${since}` }]] : []), [{ text: `kstatus ${row.progress.status}`, tone: 'muted' as const }]],
      width,
      ' · ',
    ),
  );
  lines.push(...hangingLines([{ text: '  ' }, ...(row.reason ? [{ text: `${row.reason}: `, bold: true }] : [])], row.message.replace(/\s*\n\s*/g, ' '), width, undefined, 4));
  if (input.progress) {
    const e = input.progress.event;
    lines.push(...hangingLines([{ text: `  ► ${input.progress.verb}: `, tone: 'pending' }], e ? e.message : 'starting', width, e?.type === 'error' ? 'error' : undefined, 4));
  }
  if (input.why) lines.push([], title(input.why.ready ? 'Why' : 'Why not ready'), ...whyLines(input.why, now, width));
  lines.push([], title('Revisions'), ...revisionLines(input, row));
  lines.push([], title('Conditions'), ...conditionLines(row.conditions, now, width));
  lines.push([], title('Events (oldest first)'), ...eventLines(input.read, now, width));
  return lines;
}
