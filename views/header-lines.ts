/** The header as lines: one badge per cluster (wrapping when narrow), then the screen tabs. */
import type { Verdict } from '../src/fleet/index.js';
import { flowLines, type Line, type Segment } from './segments.js';
import { label, VERDICT_STYLE } from './theme.js';
import { cellWidth, clip } from './text-layout.js';
import type { ScreenDef } from './types.js';

export interface BadgeInput {
  name: string;
  index: number;
  verdict: Verdict;
  readOnly: boolean;
}

export function badge(b: BadgeInput): Segment[] {
  const style = VERDICT_STYLE[b.verdict];
  return [
    { text: b.name, clusterIndex: b.index, bold: true },
    { text: ' ' },
    { text: label(style), tone: style.tone },
    ...(b.readOnly ? [{ text: ' (ro)', tone: 'muted' as const }] : []),
  ];
}

const widthOf = (segs: readonly Segment[]) => segs.reduce((n, s) => n + cellWidth(s.text), 0);

export function headerLines(
  badges: readonly BadgeInput[],
  flags: { readOnly: boolean; paused: boolean },
  width: number,
): Line[] {
  const items: Segment[][] = [[{ text: 'plat', tone: 'accent', bold: true }], ...badges.map(badge)];
  if (flags.readOnly) items.push([{ text: 'read-only', tone: 'warn', bold: true }]);
  if (flags.paused) items.push([{ text: '‖ paused', tone: 'warn', bold: true }]);
  return flowLines(items, width);
}

export function tabsLine(screens: readonly ScreenDef[], current: string, filter: string, width: number): Line {
  const out: Segment[] = [];
  for (const s of screens) {
    const name = s.key ? `${s.key} ${s.title}` : s.title;
    if (out.length > 0) out.push({ text: ' ' });
    out.push(s.id === current ? { text: `[${name}]`, tone: 'accent', bold: true } : { text: ` ${name} `, tone: 'muted' });
  }
  if (filter) {
    const room = width - widthOf(out) - 3;
    const sep = out.at(-1)?.text.endsWith(' ') ? ' ' : '  ';
    if (room > 4) out.push({ text: sep }, { text: clip(`/${filter}`, room), tone: 'accent' });
  }
  return out;
}
