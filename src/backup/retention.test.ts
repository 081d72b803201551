import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionItem, type RetentionPolicy } from './retention.js';

const H = 3_600_000;
const D = 24 * H;
const t = (iso: string) => Date.parse(iso);
const items = (isos: string[], unverified: string[] = []): RetentionItem[] => isos.map((iso) => ({ id: iso, takenAt: t(iso), verified: !unverified.includes(iso) }));
const ctx = (now: string, tz = 'UTC', staleAfterMs = 365 * D) => ({ now: t(now), timezone: tz, staleAfterMs });
const kept = (p: ReturnType<typeof planRetention>) => p.keep;

/** Irregular, with gaps, two on one hour, a DST weekend in Berlin, an ISO-week/year boundary and one in the future. */
const HISTORY = [
  '2027-01-05T09:00:00Z', // future relative to NOW
  '2027-01-04T00:30:00Z',
  '2027-01-03T23:30:00Z',
  '2026-12-31T12:00:00Z',
  '2026-12-28T06:00:00Z',
  '2026-12-27T18:00:00Z',
  '2026-12-20T18:00:00Z',
  '2026-11-29T10:45:00Z',
  '2026-11-29T10:15:00Z',
  '2026-11-27T12:00:00Z',
  '2026-11-25T12:00:00Z',
  '2026-10-25T01:30:00Z', // 02:30 CET, the repeated hour of the Berlin fall-back night
  '2026-10-25T00:30:00Z', // 02:30 CEST
  '2026-10-24T22:30:00Z',
  '2026-09-30T23:59:59Z',
  '2026-09-01T00:00:00Z',
  '2026-08-15T08:00:00Z',
  '2026-08-15T07:00:00Z', // the oldest shares every bucket with the one above: only restic's "oldest" rule keeps it
];
const NOW = '2027-01-04T12:00:00Z';

const POLICIES: [string, RetentionPolicy, string?][] = [
  ['keepLast 3', { keepLast: 3 }],
  ['keepHourly 5', { keepHourly: 5 }],
  ['keepHourly 14 (Europe/Berlin: the fall-back night has one 02h bucket)', { keepHourly: 14 }, 'Europe/Berlin'],
  ['keepDaily 6', { keepDaily: 6 }],
  ['keepDaily 6 (Europe/Berlin)', { keepDaily: 6 }, 'Europe/Berlin'],
  ['keepWeekly 4', { keepWeekly: 4 }],
  ['keepMonthly 3', { keepMonthly: 3 }],
  ['keepMonthly 30 (budget left: oldest kept)', { keepMonthly: 30 }],
  ['keepWithin 2d', { keepWithin: '2d' }],
  ['keepWithin 7d (Europe/Berlin)', { keepWithin: '7d' }, 'Europe/Berlin'],
  ['keepWithin 36h + keepLast 2', { keepWithin: '36h', keepLast: 2 }],
  ['keepDaily 3 + keepWeekly 3 + keepMonthly 2', { keepDaily: 3, keepWeekly: 3, keepMonthly: 2 }],
  ['keepLast 1 + keepHourly 2 + keepDaily 2 + keepWeekly 2 + keepMonthly 2', { keepLast: 1, keepHourly: 2, keepDaily: 2, keepWeekly: 2, keepMonthly: 2 }],
];

function render(): string {
  const out: string[] = [];
  for (const [name, policy, tz] of POLICIES) {
    const plan = planRetention(items(HISTORY, ['2026-11-27T12:00:00Z']), policy, ctx(NOW, tz ?? 'UTC'));
    out.push(`## ${name}`);
    for (const d of plan.decisions) out.push(`${d.keep ? 'keep  ' : 'delete'} ${d.id}  ${d.reasons.join('; ')}`);
    out.push('');
  }
  return out.join('\n');
}

describe('retention: golden table', () => {
  // The golden file was generated once (UPDATE_GOLDEN=1) and then checked line by line by hand
  // against restic's rules; regenerate only for an intended change and review the diff.
  const golden = new URL('../../test/fixtures/etcd/retention-golden.txt', import.meta.url);
  it('every policy × the irregular history matches the reviewed golden file', () => {
    const text = render();
    if (process.env.UPDATE_GOLDEN === '1' && !process.env.CI) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('retention: rules checked by hand', () => {
  it('keepDaily 5 with a missed Wednesday reaches back to the Friday before (restic doc example)', () => {
    const days = ['2026-11-30', '2026-12-01', '2026-12-03', '2026-12-04', '2026-12-05', '2026-11-27', '2026-11-26'].map((d) => `${d}T03:00:00Z`);
    expect(kept(planRetention(items(days), { keepDaily: 5 }, ctx('2026-12-05T04:00:00Z')))).toEqual(['2026-12-05T03:00:00Z', '2026-12-04T03:00:00Z', '2026-12-03T03:00:00Z', '2026-12-01T03:00:00Z', '2026-11-30T03:00:00Z']);
  });

  it('keepDaily 7 + keepWeekly 5 keeps 7 dailies and 4 more weeklies (the newest daily is also a weekly)', () => {
    // ending on a Sunday, so the seven dailies are exactly one ISO week
    const daily = Array.from({ length: 60 }, (_, i) => new Date(t('2026-12-27T02:00:00Z') - i * D).toISOString());
    const plan = planRetention(items(daily), { keepDaily: 7, keepWeekly: 5 }, ctx('2026-12-27T03:00:00Z'));
    expect(plan.keep.length).toBe(11);
    expect(plan.keep.slice(7)).toEqual(['2026-12-20T02:00:00.000Z', '2026-12-13T02:00:00.000Z', '2026-12-06T02:00:00.000Z', '2026-11-29T02:00:00.000Z']); // Sundays
  });

  it('Gardener-style: a backup every 30 min for 35 days → 24 hourly + 7 daily + 4 weekly survivors, counted independently', () => {
    const end = t('2026-11-27T23:30:00Z');
    const all = Array.from({ length: 35 * 48 }, (_, i) => new Date(end - i * 30 * 60_000).toISOString());
    const plan = planRetention(items(all), { keepHourly: 24, keepDaily: 7, keepWeekly: 4 }, ctx('2026-11-27T23:45:00Z'));
    // independent count: the newest of each of the last 24 hours, of the last 7 days, of the last 4 ISO weeks
    const newestPer = (key: (iso: string) => string, n: number) => {
      const seen = new Map<string, string>();
      for (const iso of all) if (!seen.has(key(iso))) seen.set(key(iso), iso);
      return [...seen.values()].slice(0, n);
    };
    const weekOf = (iso: string) => String(Math.floor((t(iso.slice(0, 10)) - t('2026-01-05')) / (7 * D))); // Mondays
    const expected = new Set([...newestPer((i) => i.slice(0, 13), 24), ...newestPer((i) => i.slice(0, 10), 7), ...newestPer(weekOf, 4)]);
    expect(new Set(plan.keep)).toEqual(expected);
    // today's newest is also the newest hourly; this week's is too, and last week's (Sunday 22nd) is a daily
    expect(plan.keep.length).toBe(24 + 6 + 2);
  });

  it('keepWithin counts from the newest backup, not from now: a stopped schedule expires nothing', () => {
    const old = ['2026-06-03T00:00:00Z', '2026-06-02T00:00:00Z', '2026-06-01T00:00:00Z', '2026-05-20T00:00:00Z'];
    const plan = planRetention(items(old), { keepWithin: '3d' }, { ...ctx('2026-11-27T00:00:00Z'), staleAfterMs: 1000 * D });
    expect(plan.keep).toEqual(old.slice(0, 3));
  });

  it('a backup dated in the future does not move the keepWithin window (restic findLatestTimestamp)', () => {
    const list = ['2027-03-01T00:00:00Z', '2026-11-27T00:00:00Z', '2026-11-26T12:00:00Z', '2026-11-20T00:00:00Z'];
    expect(planRetention(items(list), { keepWithin: '2d' }, ctx('2026-11-27T06:00:00Z')).keep).toEqual(list.slice(0, 3));
  });

  it('stale: the newest verified backup older than the limit → nothing deleted, and it says why', () => {
    const list = ['2026-11-20T00:00:00Z', '2026-11-19T00:00:00Z', '2026-11-18T00:00:00Z'];
    const plan = planRetention(items(list), { keepLast: 1 }, { ...ctx('2026-11-27T00:00:00Z'), staleAfterMs: 12 * H });
    expect(plan.remove).toEqual([]);
    expect(plan.stale?.message).toBe('backups are stale: the newest verified backup is 7d0h old (limit 12h0m); deleting nothing until a new backup succeeds');
  });

  it('only verified backups count; an unverified newest does not shield the others, and is never deleted', () => {
    const list = ['2026-11-27T12:00:00Z', '2026-11-27T06:00:00Z', '2026-11-27T00:00:00Z'];
    const plan = planRetention(items(list, ['2026-11-27T12:00:00Z']), { keepLast: 1 }, ctx('2026-11-27T13:00:00Z'));
    expect(plan.keep).toEqual(['2026-11-27T12:00:00Z', '2026-11-27T06:00:00Z']);
    expect(plan.decisions[0]!.reasons).toEqual(['not verified: retention neither counts nor deletes it']);
    expect(plan.remove).toEqual(['2026-11-27T00:00:00Z']);
  });

  it('refuses an empty policy', () => {
    expect(() => planRetention(items(HISTORY), {}, ctx(NOW))).toThrow(/refusing an empty retention policy/);
    expect(() => planRetention(items(HISTORY), { keepLast: 0, keepWithin: undefined }, ctx(NOW))).toThrow(/empty retention policy/);
  });

  it('invariants over every golden policy: keep + remove = all, the newest verified is kept, every decision has a reason', () => {
    for (const [, policy, tz] of POLICIES) {
      const list = items(HISTORY, ['2026-11-27T12:00:00Z']);
      const plan = planRetention(list, policy, ctx(NOW, tz ?? 'UTC'));
      expect([...plan.keep, ...plan.remove].sort()).toEqual(list.map((i) => i.id).sort());
      expect(plan.keep).toContain(HISTORY[0]);
      expect(plan.remove).not.toContain('2026-11-27T12:00:00Z');
      for (const d of plan.decisions) expect(d.reasons.length).toBeGreaterThan(0);
    }
  });
});
