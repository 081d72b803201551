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

export function formatFinding(f: Finding, st: Styler = plainStyler): string[] {
  const head = f.severity === 'critical' ? st.error('✗ critical') : f.severity === 'warning' ? st.warn('▲ warning ') : st.muted('· info    ');
  return [`${head}  ${f.cluster}  ${f.what}`, `             ${st.muted('why:')} ${f.why}`, `             ${st.muted('do: ')} ${f.action}`];
}
