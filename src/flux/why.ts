/**
 * "Why is this not applied?": from one object, follow what it waits on — the dependency its Ready
 * message names (kustomize- and helm-controller write `dependency '<ns>/<name>' …`, flux.md §7), or
 * its source when the artifact is missing — to the first link that is broken on its own, and say
 * what to do about that one. Missing objects and dependsOn cycles (Flux never detects them) end
 * the chain too. A Ready object whose source is failing is flagged: it stays on the old revision
 * (flux.md §2.4). Pure: works on rows from any lookup (a live snapshot or a few GETs).
 */
import { humanDuration } from '../time/index.js';
import { fluxKind, refFromString, shortRef, type FluxObjectRef } from './kinds.js';
import type { FluxRow, FluxState } from './model.js';
import { sinceSeconds, stateLook } from './row-order.js';

export interface WhyLink {
  /** `ks/flux-system/apps` */
  ref: string;
  state: FluxState | 'Missing';
  reason: string;
  message: string;
  since?: string;
  row?: FluxRow;
}

export interface FluxWhy {
  cluster: string;
  subject: string;
  ready: boolean;
  chain: WhyLink[];
  root: WhyLink;
  /** Set when the chain came back to an object already in it. */
  cycle?: string[];
  /** What to do next, in words. */
  advice: string;
  /** The plat command that does it, when there is one. */
  command?: string;
  /** The links only: `ks/a ✗ DependencyNotReady → ks/b ✗ HealthCheckFailed: … (12m)` */
  chainText: string;
  /** One line: the links, then what to do: `… (12m) → fix that first, then: plat flux reconcile …` */
  text: string;
}

export type RowLookup = (ref: string) => FluxRow | undefined;

const rowRef = (r: FluxRow): FluxObjectRef => ({ kind: r.kind, namespace: r.namespace, name: r.name });
const fullRef = (r: FluxObjectRef): string => `${r.kind}/${r.namespace}/${r.name}`;

function linkOf(row: FluxRow): WhyLink {
  return { ref: shortRef(rowRef(row)), state: row.state, reason: row.reason, message: row.message, row, ...(row.since ? { since: row.since } : {}) };
}

/** What a not-ready row waits on, if anything else. */
function waitsOn(row: FluxRow, lookup: RowLookup): string | undefined {
  if (row.state !== 'Blocked') return undefined;
  if (row.reason === 'DependencyNotReady') {
    // "dependency 'ns/name' is not ready" | "… not found: …" | "… revision is not up to date"; helm: "unable to get 'ns/name' dependency"
    const m = /(?:dependency|unable to get) '([^'/]+)\/([^']+)'/.exec(row.message);
    if (m) return fullRef({ kind: row.kind, namespace: m[1]!, name: m[2]! });
    return row.dependsOn.find((d) => lookup(d)?.state !== 'Ready');
  }
  return row.source;
}

function advise(root: WhyLink, parent: WhyLink | undefined, cluster: string, now: number): { advice: string; command?: string } {
  const on = `--cluster ${cluster}`;
  const row = root.row;
  if (root.state === 'Missing') {
    const field = parent && root.ref.split('/')[0] !== parent.ref.split('/')[0] ? 'spec.sourceRef (or chartRef)' : 'spec.dependsOn';
    return { advice: `${root.ref} does not exist in ${cluster}: create it, or fix ${field} of ${parent?.ref ?? 'the object'}` };
  }
  const reconcile = `plat flux reconcile ${root.ref} ${on}`;
  switch (root.state) {
    case 'Suspended':
      return { advice: 'it is suspended: resume it', command: `plat flux resume ${root.ref} ${on}` };
    case 'Stalled':
      return row?.kind === 'HelmRelease'
        ? { advice: 'it stalled and will not retry by itself: fix the release (values, chart), then reset its failure count', command: `${reconcile} --reset` }
        : { advice: 'it stalled and will not retry by itself: fix its spec in Git', command: reconcile };
    case 'Failed':
      return { advice: 'fix that first, then', command: reconcile };
    case 'Pending':
      return { advice: `not reconciled yet: check that ${row ? fluxKind(row.kind).controller : 'its controller'} is running in ${cluster}` };
    case 'Progressing': {
      const s = sinceSeconds(root, now);
      return { advice: `still reconciling${s === undefined ? '' : ` (state since ${humanDuration(s)})`}: wait, or follow it`, command: reconcile };
    }
    case 'Deleting':
      return { advice: 'it is being deleted' };
    case 'Blocked':
      return { advice: 'the controller retries every 30s; reconcile it to retry now', command: reconcile };
    case 'Ready':
      return parent ? { advice: 'it has not applied the newest revision yet', command: reconcile } : { advice: 'nothing to do' };
  }
}

function linkText(l: WhyLink, isRoot: boolean, now: number): string {
  const look = l.state === 'Missing' ? { glyph: '✗', word: 'NotFound' } : stateLook(l.state);
  const word = l.state === 'Missing' ? 'NotFound' : l.state === 'Suspended' || l.state === 'Stalled' ? look.word : l.reason || look.word;
  if (!isRoot) return `${l.ref} ${look.glyph} ${word}`;
  const s = sinceSeconds(l, now);
  const age = s === undefined ? '' : ` (${humanDuration(s)})`;
  const msg = l.message ? `: ${l.message}` : '';
  return `${l.ref} ${look.glyph} ${word}${msg}${age}`;
}

export function explainWhy(lookup: RowLookup, start: FluxRow, opts: { now: number }): FluxWhy {
  const cluster = start.cluster;
  const chain: WhyLink[] = [linkOf(start)];
  const seen = [fullRef(rowRef(start))];
  let cycle: string[] | undefined;
  let cur: FluxRow | undefined = start;
  while (cur) {
    const next = waitsOn(cur, lookup);
    if (!next) break;
    if (seen.includes(next)) {
      cycle = [...seen.slice(seen.indexOf(next)), next].map((r) => shortRef(refFromString(r) ?? rowRef(start)));
      break;
    }
    seen.push(next);
    const row = lookup(next);
    if (!row) {
      const ref = refFromString(next);
      chain.push({ ref: ref ? shortRef(ref) : next, state: 'Missing', reason: 'NotFound', message: `not found in ${cluster}` });
      break;
    }
    chain.push(linkOf(row));
    cur = row;
  }
  const root = chain[chain.length - 1]!;
  const parent = chain.length > 1 ? chain[chain.length - 2] : undefined;
  let { advice, command } = advise(root, parent, cluster, opts.now);
  let text = chain.map((l, i) => linkText(l, i === chain.length - 1, opts.now)).join(' → ');
  if (cycle) {
    advice = `dependency cycle ${cycle.join(' → ')}: Flux never applies these; remove one spec.dependsOn entry`;
    command = undefined;
  }
  if (start.state === 'Ready' && chain.length === 1 && start.source) {
    const src = lookup(start.source);
    if (src && src.state !== 'Ready' && src.state !== 'Suspended') {
      text += ` but its source ${linkText(linkOf(src), true, opts.now)}`;
      advice = `it stays on revision ${start.revision || 'its last revision'} until the source is fixed`;
      command = `plat flux reconcile ${shortRef(rowRef(src))} --cluster ${cluster}`;
    }
  }
  const chainText = text;
  text += ` → ${advice}${command ? `: ${command}` : ''}`;
  const out: FluxWhy = { cluster, subject: shortRef(rowRef(start)), ready: start.state === 'Ready', chain, root, advice, chainText, text };
  if (command) out.command = command;
  if (cycle) out.cycle = cycle;
  return out;
}
