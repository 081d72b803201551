/**
 * Retention applied to a backup dir: the plan comes from retention.ts over the catalog joined
 * with the disk (an entry whose file is missing or has the wrong size is not a good backup and
 * cannot keep others alive). Deleting drops the catalog entries first (atomically), then the
 * files: a crash in between leaves complete files without entries, which the next run re-verifies
 * and catalogues again — never an entry without its file.
 */
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../conventions/index.js';
import type { CatalogEntry } from './catalog.js';
import { readCatalog, updateCatalog } from './catalog-file.js';
import { planRetention, type RetentionContext, type RetentionPlan, type RetentionPolicy } from './retention.js';

export interface PrunePlan extends RetentionPlan {
  cluster: string;
  entries: Record<string, CatalogEntry>;
}

export async function planPrune(dir: string, cluster: string, policy: RetentionPolicy, ctx: RetentionContext): Promise<PrunePlan> {
  const mine = (await readCatalog(dir)).entries.filter((e) => e.cluster === cluster);
  const items = await Promise.all(
    mine.map(async (e) => {
      const size = await stat(join(dir, e.file)).then((s) => s.size, () => -1);
      return { id: e.file, takenAt: Date.parse(e.takenAt), verified: e.verified === true && size === e.storedBytes };
    }),
  );
  const plan = planRetention(items, policy, ctx);
  for (const d of plan.decisions) {
    const item = items.find((i) => i.id === d.id);
    if (item && !item.verified && d.reasons[0]?.startsWith('not verified')) d.reasons = ['file missing or changed on disk: left for plat backup verify'];
  }
  return { ...plan, cluster, entries: Object.fromEntries(mine.map((e) => [e.file, e])) };
}

/** Delete what the plan removes; returns the files deleted. */
export async function applyPrune(dir: string, plan: PrunePlan, beforeDelete?: () => Promise<void>): Promise<string[]> {
  if (plan.stale || plan.remove.length === 0) return [];
  const gone = new Set(plan.remove);
  await beforeDelete?.();
  await updateCatalog(dir, (entries) => entries.filter((e) => !gone.has(e.file)));
  const dirs = new Set<string>();
  for (const file of plan.remove) {
    await unlink(join(dir, file)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    dirs.add(join(dir, file.split('/')[0]!));
  }
  for (const d of dirs) await fsyncDir(d);
  return plan.remove;
}
