/**
 * Lines above the Flux table for clusters whose rows are missing or doubtful. "Syncing…" is not
 * "no Flux objects" (k9s), and an unreachable cluster says why while the other clusters' rows
 * keep updating below.
 */
import type { FluxClusterStatus, FluxSnapshot } from '../../../src/flux/index.js';
import type { Line, Segment } from '../../segments.js';

function notice(s: FluxClusterStatus, rows: number, name: Segment): Line | undefined {
  const kept = rows > 0 ? [{ text: ` (showing the ${rows} last seen)`, tone: 'muted' as const }] : [];
  switch (s.state) {
    case 'syncing':
      return [name, { text: ' … syncing Flux objects', tone: 'pending' }, ...(rows > 0 ? [{ text: ` (${rows} so far)`, tone: 'muted' as const }] : [])];
    case 'unreachable':
      return [name, { text: ` ? cluster unreachable: ${s.error ?? 'no answer'}`, tone: 'error' }, ...kept];
    case 'error':
      return [name, { text: ` ✗ Flux could not be read: ${s.error ?? 'unknown error'}`, tone: 'error' }, ...kept];
    case 'partial':
      return [name, { text: ` ▲ some kinds could not be read: ${s.error ?? ''}`, tone: 'warn' }];
    case 'ok':
      if (rows > 0) return undefined;
      if (s.kinds.length > 0 && s.kinds.every((k) => k.state === 'not-served')) return [name, { text: ': no Flux objects (no Flux kind is served: Flux is not installed)', tone: 'muted' }];
      return [name, { text: ': no Flux objects', tone: 'muted' }];
  }
}

export function fluxNotices(snapshot: FluxSnapshot | undefined, clusters: readonly string[]): Line[] {
  const counts = new Map<string, number>();
  for (const r of snapshot?.rows ?? []) counts.set(r.cluster, (counts.get(r.cluster) ?? 0) + 1);
  const lines: Line[] = [];
  clusters.forEach((cluster, clusterIndex) => {
    const name: Segment = { text: cluster, clusterIndex, bold: true };
    const s = snapshot?.clusters.find((c) => c.cluster === cluster) ?? { cluster, state: 'syncing' as const, kinds: [] };
    const line = notice(s, counts.get(cluster) ?? 0, name);
    if (line) lines.push(line);
  });
  return lines;
}

/** What the table says when it has no row to show. */
export function emptyFluxLine(snapshot: FluxSnapshot | undefined, filter: string): Line {
  if (filter) return [{ text: `  no Flux objects match /${filter}`, tone: 'muted' }];
  if (!snapshot || snapshot.clusters.some((c) => c.state === 'syncing')) return [{ text: '  … syncing — no Flux object reported yet', tone: 'pending' }];
  return [{ text: '  No Flux objects', tone: 'muted' }];
}
