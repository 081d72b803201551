/**
 * Which backups to keep: restic's `forget` policy (backup.md §4.1), applied per cluster. Newest
 * first; each `keep*` rule keeps the newest backup of every bucket (hour, day, ISO week, month in
 * the configured time zone) until its count is spent; only buckets that hold a backup count; rules
 * are ORed; `keepWithin` is measured from the newest backup, not from now (a schedule that stopped
 * must not expire everything); when a bucket rule still has budget at the end, the oldest backup
 * is kept too. On top of restic: only verified backups count or are ever deleted, the newest
 * verified backup is always kept, and nothing is deleted while backups are stale. Pure.
 */
import { UserError } from '../errors/index.js';
import { humanDuration } from '../time/index.js';
import { bucketLabel, minusDuration, type BucketKind } from './calendar.js';

export interface RetentionPolicy {
  keepLast?: number | undefined;
  keepHourly?: number | undefined;
  keepDaily?: number | undefined;
  keepWeekly?: number | undefined;
  keepMonthly?: number | undefined;
  /** A plat.yaml duration: `24h`, `7d`, `2w`. */
  keepWithin?: string | undefined;
}

export interface RetentionItem {
  id: string;
  takenAt: number;
  verified: boolean;
}

export interface RetentionDecision {
  id: string;
  takenAt: number;
  keep: boolean;
  /** Why kept (one per rule that kept it) or why deleted. */
  reasons: string[];
}

export interface RetentionPlan {
  /** Newest first. */
  decisions: RetentionDecision[];
  keep: string[];
  remove: string[];
  /** Set when the newest verified backup is older than the stale limit: nothing is removed. */
  stale?: { newestGoodAt?: number; limitMs: number; message: string };
}

export interface RetentionContext {
  now: number;
  timezone: string;
  /** 2 × the schedule interval (see schedule.ts); older newest-good means stale. */
  staleAfterMs: number;
}

const BUCKETS: [keyof RetentionPolicy, BucketKind][] = [['keepHourly', 'hourly'], ['keepDaily', 'daily'], ['keepWeekly', 'weekly'], ['keepMonthly', 'monthly']];

export function isEmptyPolicy(p: RetentionPolicy): boolean {
  return !p.keepWithin && !p.keepLast && !p.keepHourly && !p.keepDaily && !p.keepWeekly && !p.keepMonthly;
}

const age = (ms: number) => humanDuration(Math.max(0, ms) / 1000);

export function planRetention(items: readonly RetentionItem[], policy: RetentionPolicy, ctx: RetentionContext): RetentionPlan {
  if (isEmptyPolicy(policy)) {
    throw new UserError('refusing an empty retention policy: it would delete every backup', { hint: 'set at least one of keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepWithin' });
  }
  const sorted = [...items].sort((a, b) => b.takenAt - a.takenAt || (a.id < b.id ? -1 : 1));
  const decisions: RetentionDecision[] = sorted.map((i) => ({ id: i.id, takenAt: i.takenAt, keep: false, reasons: [] }));
  const good = sorted.map((item, k) => ({ item, d: decisions[k]! })).filter((x) => x.item.verified);
  for (const [k, item] of sorted.entries()) if (!item.verified) Object.assign(decisions[k]!, { keep: true, reasons: ['not verified: retention neither counts nor deletes it'] });
  const plan = (): RetentionPlan => ({ decisions, keep: decisions.filter((d) => d.keep).map((d) => d.id), remove: decisions.filter((d) => !d.keep).map((d) => d.id) });
  if (good.length === 0) return plan();

  const newest = good[0]!;
  const newestAge = ctx.now - newest.item.takenAt;
  if (newestAge > ctx.staleAfterMs) {
    const message = `backups are stale: the newest verified backup is ${age(newestAge)} old (limit ${age(ctx.staleAfterMs)}); deleting nothing until a new backup succeeds`;
    for (const { d } of good) Object.assign(d, { keep: true, reasons: ['backups are stale: nothing is deleted'] });
    return { ...plan(), stale: { newestGoodAt: newest.item.takenAt, limitMs: ctx.staleAfterMs, message } };
  }

  const last = { left: policy.keepLast ?? 0 };
  const buckets = BUCKETS.filter(([key]) => ((policy[key] as number | undefined) ?? 0) > 0).map(([key, kind]) => ({ kind, left: policy[key] as number, lastLabel: undefined as string | undefined }));
  // restic's findLatestTimestamp: a backup dated in the future does not move the window
  const latest = good.map((g) => g.item.takenAt).find((t) => t <= ctx.now) ?? newest.item.takenAt;
  const cutoff = policy.keepWithin ? minusDuration(latest, policy.keepWithin, ctx.timezone) : undefined;

  for (const { item, d } of good) {
    if (last.left > 0) {
      d.reasons.push(`last ${(policy.keepLast ?? 0) - last.left + 1} of ${policy.keepLast}`);
      last.left--;
    }
    for (const b of buckets) {
      const label = bucketLabel(b.kind, item.takenAt, ctx.timezone);
      if (b.left > 0 && label !== b.lastLabel) {
        d.reasons.push(`${b.kind} ${label}`);
        b.lastLabel = label;
        b.left--;
      }
    }
    if (cutoff !== undefined && item.takenAt > cutoff) d.reasons.push(`within ${policy.keepWithin} of the newest`);
  }
  const oldest = good[good.length - 1]!;
  const budget = buckets.filter((b) => b.left > 0).map((b) => b.kind);
  if (budget.length && oldest.d.reasons.length === 0) oldest.d.reasons.push(`oldest (${budget.join(', ')} budget left)`);
  if (newest.d.reasons.length === 0) newest.d.reasons.push('newest verified backup');
  for (const { d } of good) {
    d.keep = d.reasons.length > 0;
    if (!d.keep) d.reasons.push('no rule keeps it');
  }
  return plan();
}
