import type { FooterHint } from '../keys.js';
import type { Segment } from '../segments.js';
import { LineText } from './LineView.js';

/** Key hints for the keys usable now (already cut to the width by footerHints). */
export function Footer({ hints }: { hints: readonly FooterHint[] }) {
  const line: Segment[] = hints.flatMap((h, i) => [
    ...(i > 0 ? [{ text: '  ' }] : []),
    { text: h.key, tone: 'accent' as const, bold: true },
    { text: ` ${h.description}`, tone: 'muted' as const },
  ]);
  return <LineText line={line} />;
}
