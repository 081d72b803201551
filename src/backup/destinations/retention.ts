/**
 * Retention at a destination, with its own policy: the same rules as the backup dir
 * (retention.ts — restic buckets, only verified copies count, the newest verified copy is always
 * kept, nothing is deleted while the copies there are stale), over the destination's catalog
 * joined with its listing: a catalogued copy whose file is gone or has the wrong size does not
 * count as verified and so cannot keep others alive. Entries are dropped from the catalog before
 * their files are deleted, so a cut connection leaves an unlisted file, never a dangling entry.
 */
import { ActionFailed } from '../../errors/index.js';
import type { CatalogEntry } from '../catalog.js';
import { planRetention, type RetentionContext, type RetentionPlan, type RetentionPolicy } from '../retention.js';
import { updateDestinationCatalog } from './catalog.js';
import type { Every } from './selection.js';
import type { DestinationStore } from './store.js';

export interface DestinationPrunePlan extends RetentionPlan {
  destination: string;
  cluster: string;
}

const DAY = 86_400_000;

/** How old the newest copy may get before a destination counts as stale: 2 × its real interval. */
export function destinationStaleAfter(every: Every, scheduleStaleAfterMs: number): number {
  if (every === 'weekly') return Math.max(scheduleStaleAfterMs, 14 * DAY);
  if (every === 'daily') return Math.max(scheduleStaleAfterMs, 2 * DAY);
  return scheduleStaleAfterMs;
}

export async function planDestinationPrune(store: DestinationStore, entries: readonly CatalogEntry[], cluster: string, policy: RetentionPolicy, ctx: RetentionContext): Promise<DestinationPrunePlan> {
  const mine = entries.filter((e) => e.cluster === cluster);
  const sizes = new Map(((await store.list(cluster)) ?? []).filter((f) => f.isFile).map((f) => [`${cluster}/${f.name}`, f.size]));
  const items = mine.map((e) => ({ id: e.file, takenAt: Date.parse(e.takenAt), verified: e.verified === true && sizes.get(e.file) === e.storedBytes }));
  const plan = planRetention(items, policy, ctx);
  for (const d of plan.decisions) {
    if (items.find((i) => i.id === d.id)?.verified === false) d.reasons = ['file missing or changed at the destination: left for plat backup verify --dest'];
  }
  // belt and braces over retention.ts: the newest verified copy here is never in the delete list
  const newest = items.filter((i) => i.verified).sort((a, b) => b.takenAt - a.takenAt)[0];
  if (newest && plan.remove.includes(newest.id)) throw new ActionFailed(`${store.name}: retention would delete the newest verified copy ${newest.id}; refusing`);
  return { ...plan, destination: store.name, cluster };
}

/** Delete what the plan removes; returns the files deleted. */
export async function applyDestinationPrune(store: DestinationStore, plan: DestinationPrunePlan): Promise<string[]> {
  if (plan.stale || plan.remove.length === 0) return [];
  const gone = new Set(plan.remove);
  await updateDestinationCatalog(store, (entries) => entries.filter((e) => !gone.has(e.file)));
  for (const file of plan.remove) await store.remove(file);
  return plan.remove;
}
