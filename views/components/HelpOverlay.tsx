import type { HelpSection } from '../keys.js';
import type { Line } from '../segments.js';
import { fit } from '../text-layout.js';
import { LineView } from './LineView.js';

/** `?`: every key usable here, built from the registry (so read-only shows no dangerous key). */
export function helpLines(sections: readonly HelpSection[], width: number): Line[] {
  const keyWidth = Math.min(14, Math.max(...sections.flatMap((s) => s.entries.map((e) => e.key.length)), 3) + 2);
  const lines: Line[] = [[{ text: 'Keys', tone: 'accent', bold: true }, { text: '  (Esc or ? to close)', tone: 'muted' }]];
  for (const s of sections) {
    lines.push([{ text: s.title, bold: true }]);
    for (const e of s.entries) {
      lines.push([
        { text: '  ' },
        { text: fit(e.key, keyWidth), tone: 'accent' },
        { text: fit(e.description, Math.max(10, width - keyWidth - 2)), tone: e.dangerous ? 'warn' : undefined },
      ]);
    }
  }
  return lines;
}

export function HelpOverlay({ lines, height, offset }: { lines: readonly Line[]; height: number; offset: number }) {
  const start = Math.min(offset, Math.max(0, lines.length - height));
  return <LineView lines={lines.slice(start)} height={height} />;
}
