import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../catalog.js';
import { selectForDestination } from './selection.js';

const entry = (iso: string, verified = true): CatalogEntry =>
  ({ v: 1, cluster: 'infra', file: `infra/etcd-infra-${iso.replace(/[-:]/g, '')}-rev1.db.gz`, takenAt: iso, storedBytes: 1, snapshotBytes: 1, sha256: 'x', trailerSha256: 'y', compression: 'gzip', verified }) as CatalogEntry;

// Monday 2026-11-23 … Monday 2026-11-30 (ISO weeks 48 and 49), every 6 h
const local = ['2026-11-23T00:00:00Z', '2026-11-23T06:00:00Z', '2026-11-25T12:00:00Z', '2026-11-29T18:00:00Z', '2026-11-30T00:00:00Z', '2026-11-30T06:00:00Z'].map((t) => entry(t));
const files = (s: { ship: CatalogEntry[] }) => s.ship.map((e) => e.takenAt);

describe('selectForDestination', () => {
  it('every run: everything newer than the newest copy there, oldest first', () => {
    expect(files(selectForDestination(local, [], 'run', 'UTC'))).toEqual(local.map((e) => e.takenAt));
    const s = selectForDestination(local, [local[3]!], 'run', 'UTC');
    expect(files(s)).toEqual(['2026-11-30T00:00:00Z', '2026-11-30T06:00:00Z']);
  });

  it('never sends again what the destination already has or what its retention removed', () => {
    // the destination kept only the newest; older local backups are not re-sent
    const s = selectForDestination(local, [local[5]!], 'run', 'UTC');
    expect(s.ship).toEqual([]);
    expect(s.skipped).toEqual({ file: local[5]!.file, reason: 'already there' });
  });

  it('weekly: the first backup of each ISO week the destination does not cover yet', () => {
    expect(files(selectForDestination(local, [], 'weekly', 'UTC'))).toEqual(['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z']);
    const s = selectForDestination(local.slice(0, 4), [local[0]!], 'weekly', 'UTC');
    expect(s.ship).toEqual([]);
    expect(s.skipped?.reason).toBe('this week already has its copy there (2026-W48)');
    expect(files(selectForDestination(local, [local[0]!], 'weekly', 'UTC'))).toEqual(['2026-11-30T00:00:00Z']);
  });

  it('weekly in a time zone: the week boundary is local midnight', () => {
    // 2026-11-29T23:30Z is already Monday 2026-11-30 in Berlin (UTC+1): a new week there
    const late = entry('2026-11-29T23:30:00Z');
    expect(files(selectForDestination([late], [local[0]!], 'weekly', 'Europe/Berlin'))).toEqual(['2026-11-29T23:30:00Z']);
    expect(files(selectForDestination([late], [local[0]!], 'weekly', 'UTC'))).toEqual([]);
  });

  it('daily: one per day; unverified backups are never sent', () => {
    expect(files(selectForDestination(local, [], 'daily', 'UTC'))).toEqual(['2026-11-23T00:00:00Z', '2026-11-25T12:00:00Z', '2026-11-29T18:00:00Z', '2026-11-30T00:00:00Z']);
    expect(selectForDestination([entry('2026-11-30T00:00:00Z', false)], [], 'run', 'UTC').ship).toEqual([]);
  });
});
