/**
 * The findings room: the order findings are shown in and their three-line text (what, why, do),
 * shared by every room that reports findings. Kept apart from the fleet room, whose door reaches
 * every source and the dashboard's session, so that `plat net …` and other one-shot commands load
 * only this. The Finding model itself stays in the fleet room (src/fleet/model.ts).
 */
import { compareText } from '../conventions/index.js';
import type { Finding, Severity } from '../fleet/model.js';

export type { Finding, Severity } from '../fleet/model.js';

export const severityRank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Worst first, then by cluster and subject. */
export function sortFindings(fs: readonly Finding[]): Finding[] {
  return [...fs].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || compareText(a.cluster, b.cluster) || compareText(a.subject, b.subject));
}

export interface Styler {
  ok(s: string): string;
  warn(s: string): string;
  error(s: string): string;
  pending(s: string): string;
  muted(s: string): string;
  bold(s: string): string;
}

export const plainStyler: Styler = { ok: (s) => s, warn: (s) => s, error: (s) => s, pending: (s) => s, muted: (s) => s, bold: (s) => s };

/** The mark of each severity in plain-text output and the network screen (the dashboard's: views/theme.ts). */
export const SEVERITY_MARK = {
  critical: { glyph: '✗', tone: 'error' },
  warning: { glyph: '▲', tone: 'warn' },
  info: { glyph: '·', tone: 'muted' },
} as const satisfies Record<Severity, { glyph: string; tone: keyof Styler }>;

export function formatFinding(f: Finding, st: Styler = plainStyler): string[] {
  const { glyph, tone } = SEVERITY_MARK[f.severity];
  const head = st[tone](`${glyph} ${f.severity.padEnd(8)}`);
  return [`${head}  ${f.cluster}  ${f.what}`, `             ${st.muted('why:')} ${f.why}`, `             ${st.muted('do: ')} ${f.action}`];
}
