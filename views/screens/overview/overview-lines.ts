/**
 * Overview as lines: per cluster a verdict line, then its findings worst first (glyph, subject,
 * what; then why and what to do, wrapped under it). Pure, so it is tested at any width.
 */
import { clusterVerdict, type ClusterState, type Finding, type FleetState } from '../../../src/fleet/index.js';
import { sortFindings } from '../../../src/findings/index.js';
import { badge } from '../../header-lines.js';
import { hangingLines, type Line } from '../../segments.js';
import { parseFilter } from '../../table/table-model.js';
import { SEVERITY_STYLE } from '../../theme.js';
import { clusterProblems } from '../../source-problems.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(c: ClusterState, findings: readonly Finding[]): string {
  const verdict = clusterVerdict(c, findings);
  if (verdict === 'syncing') return 'waiting for the first answer from Talos and Kubernetes';
  if (verdict === 'unreachable') return clusterProblems(c).join('; ');
  const critical = findings.filter((f) => f.severity === 'critical').length;
  const warning = findings.filter((f) => f.severity === 'warning').length;
  const counts = [critical ? `${critical} critical` : '', warning ? plural(warning, 'warning') : ''].filter(Boolean);
  return `${plural(c.nodes.length, 'node')}, ${counts.length ? counts.join(', ') : 'no findings'}`;
}

function findingLines(f: Finding, width: number): Line[] {
  const style = SEVERITY_STYLE[f.severity];
  const lead = [
    { text: '  ' },
    { text: `${style.glyph} `, tone: style.tone },
    { text: f.subject, bold: true },
    { text: ' — ' },
  ];
  return [
    ...hangingLines(lead, f.what, width, undefined, 4),
    ...hangingLines([{ text: '    why: ', tone: 'muted' }], f.why, width, 'muted', 9),
    ...hangingLines([{ text: '    → ', tone: 'accent' }], f.action, width, undefined, 6),
  ];
}

const matches = (f: Finding, needle: string) =>
  [f.subject, f.what, f.why, f.action, f.rule, f.severity].some((t) => t.toLowerCase().includes(needle));

export function overviewLines(state: FleetState, filter: string, width: number): Line[] {
  const parsed = parseFilter(filter);
  const lines: Line[] = [];
  state.clusters.forEach((c, index) => {
    const own = state.findings.filter((f) => f.cluster === c.name);
    const verdict = clusterVerdict(c, state.findings);
    if (index > 0) lines.push([]);
    lines.push(...hangingLines([...badge({ name: c.name, index, verdict, readOnly: false }), { text: ' — ' }], summary(c, own), width, 'muted', 2));
    if (verdict !== 'unreachable' && verdict !== 'syncing') {
      for (const p of clusterProblems(c))
        lines.push(...hangingLines([{ text: '  ! ', tone: 'warn' }], `${p} (showing what was last seen)`, width, 'warn'));
    }
    const shown = sortFindings(own).filter((f) => !parsed || matches(f, parsed.needle) !== parsed.invert);
    for (const f of shown) lines.push(...findingLines(f, width));
    if (parsed && own.length > 0 && shown.length === 0)
      lines.push([{ text: `  no findings match /${filter}`, tone: 'muted' }]);
  });
  if (state.clusters.length === 0) lines.push([{ text: 'No clusters configured.', tone: 'muted' }]);
  return lines;
}
