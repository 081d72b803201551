/** A node's drill-down as lines: facts, Talos error, services, conditions, recent events. */
import type { NodeCondition, NodeState } from '../../../src/fleet/index.js';
import { flowLines, hangingLines, lineText, type Line, type Segment } from '../../segments.js';
import { cellWidth, clip, fit } from '../../text-layout.js';
import type { Tone } from '../../theme.js';
import { readyCell, serviceHealthy, stageCell, uptimeText } from './node-cells.js';

/**
 * Recent events for a node. FleetState does not carry them yet (NodeState has no `events`); when a
 * source adds `events` to a node this view shows them, otherwise it says "no events".
 */
export interface NodeEventView {
  at?: string | number;
  type?: string;
  reason?: string;
  message: string;
}

export function nodeEvents(node: NodeState): readonly NodeEventView[] {
  const events = (node as NodeState & { events?: readonly NodeEventView[] }).events;
  return Array.isArray(events) ? events : [];
}

/** Ready wants True; the pressure conditions want False. */
function conditionTone(c: NodeCondition): { glyph: string; tone: Tone } {
  if (c.status === 'Unknown') return { glyph: '?', tone: 'pending' };
  const good = c.type === 'Ready' ? c.status === 'True' : c.status === 'False';
  return good ? { glyph: '✓', tone: 'ok' } : { glyph: '✗', tone: 'error' };
}

const title = (text: string): Line => [{ text, bold: true, tone: 'accent' }];

export function nodeDetailLines(node: NodeState, clusterIndex: number, width: number): Line[] {
  const lines: Line[] = [];
  lines.push([
    { text: node.cluster, clusterIndex, bold: true },
    { text: ' / ' },
    { text: node.name, bold: true },
    { text: `  ${node.ip}  ${node.role}`, tone: 'muted' },
  ]);
  const ready = readyCell(node);
  const stage = stageCell(node);
  const facts: Segment[][] = [
    [{ text: `Talos ${node.talosVersion ?? '—'}` }],
    [{ text: `Kubernetes ${node.kubeletVersion ?? '—'}` }],
    [{ text: ready.text, tone: ready.tone }],
    [{ text: `up ${uptimeText(node.uptimeSeconds)}` }],
    [{ text: 'stage ' }, { text: stage.text, tone: stage.tone }],
  ];
  lines.push(...flowLines(facts, width, ' · '));
  if (!node.talosReachable)
    lines.push(...hangingLines([{ text: '✗ Talos API unreachable: ', tone: 'error' }], node.talosError ?? 'no answer', width, 'error', 2));

  lines.push([], title('Services'));
  if (node.services.length === 0) lines.push([{ text: '  none reported', tone: 'muted' }]);
  const idWidth = Math.max(4, ...node.services.map((s) => s.id.length));
  for (const s of node.services) {
    const ok = serviceHealthy(s);
    const rest = Math.max(0, width - idWidth - 26);
    const head: Segment[] = [
      { text: ok ? '  ✓ ' : '  ✗ ', tone: ok ? 'ok' : 'error' },
      { text: fit(s.id, idWidth + 2) },
      { text: fit(s.state, 10), tone: s.state === 'Running' ? undefined : 'warn' },
      { text: fit(s.health, 6), tone: s.health === 'OK' ? 'ok' : s.health === '?' ? 'muted' : 'error' },
    ];
    // A healthy service's message is cut to its line; a failing one's is the reason, so all of it
    // shows, wrapped under the message column (at 60 columns it would be cut after a few words).
    if (ok) lines.push([...head, { text: clip(s.lastMessage ?? '', rest), tone: 'muted' }]);
    // Under its column (hangingLines' own indent) while 20 columns are left there.
    else lines.push(...hangingLines(head, s.lastMessage ?? '', width, 'muted', width - cellWidth(lineText(head)) >= 20 ? undefined : 6));
  }

  lines.push([], title('Conditions'));
  if (!node.conditions?.length) lines.push([{ text: '  none reported (Kubernetes did not answer for this node)', tone: 'muted' }]);
  for (const c of node.conditions ?? []) {
    const { glyph, tone } = conditionTone(c);
    const text = [c.status, c.reason, c.message].filter(Boolean).join(' · ');
    lines.push(...hangingLines([{ text: `  ${glyph} `, tone }, { text: `${c.type}: ` }], text, width, 'muted', 4));
  }
  if (node.unmetConditions?.length) {
    lines.push([], title('Machine conditions not met'));
    for (const u of node.unmetConditions) lines.push(...hangingLines([{ text: '  ▲ ', tone: 'warn' }], u, width));
  }

  lines.push([], title('Events'));
  const events = nodeEvents(node);
  if (events.length === 0) lines.push([{ text: '  no events', tone: 'muted' }]);
  for (const e of events) {
    const head = [e.at, e.type, e.reason].filter((x) => x !== undefined && x !== '').join(' ');
    lines.push(...hangingLines([{ text: '  ' }, { text: head ? `${head}  ` : '', tone: 'muted' }], e.message, width, undefined, 4));
  }
  return lines;
}
