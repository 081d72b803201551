/**
 * Which local backups go to a destination, per cluster. Only verified local backups newer than
 * the newest copy the destination already has are candidates — so a copy the destination's own
 * retention deleted is never sent again, and a backup whose upload failed (or was cut off) is
 * sent by the next run. `every: daily|weekly` takes the first candidate of each day / ISO week
 * (in the configured time zone) that the destination does not cover yet: the first backup of the
 * week goes off-site, the rest of that week does not. Pure.
 */
import { bucketLabel } from '../calendar.js';
import type { CatalogEntry } from '../catalog.js';
import { compareText } from '../../conventions/index.js';

export type Every = 'run' | 'daily' | 'weekly';

export interface Selection {
  ship: CatalogEntry[];
  /** The newest local backup when it is not shipped, and why. */
  skipped?: { file: string; reason: string };
}

const by = (a: CatalogEntry, b: CatalogEntry) => Date.parse(a.takenAt) - Date.parse(b.takenAt) || compareText(a.file, b.file);

export function selectForDestination(local: readonly CatalogEntry[], remote: readonly CatalogEntry[], every: Every, timezone: string): Selection {
  const have = new Set(remote.map((e) => e.file));
  const newestRemote = Math.max(-Infinity, ...remote.map((e) => Date.parse(e.takenAt)));
  const mine = local.filter((e) => e.verified === true).sort(by);
  const newestLocal = mine[mine.length - 1];
  const candidates = mine.filter((e) => !have.has(e.file) && Date.parse(e.takenAt) > newestRemote);
  let ship = candidates;
  if (every !== 'run') {
    const kind = every === 'daily' ? 'daily' : 'weekly';
    const covered = new Set(remote.map((e) => bucketLabel(kind, Date.parse(e.takenAt), timezone)));
    ship = [];
    for (const e of candidates) {
      const label = bucketLabel(kind, Date.parse(e.takenAt), timezone);
      if (covered.has(label)) continue;
      covered.add(label);
      ship.push(e);
    }
  }
  const out: Selection = { ship };
  if (newestLocal && !ship.includes(newestLocal)) {
    const reason = have.has(newestLocal.file)
      ? 'already there'
      : Date.parse(newestLocal.takenAt) <= newestRemote
        ? 'the destination already has a newer backup'
        : `this ${every === 'daily' ? 'day' : 'week'} already has its copy there (${bucketLabel(every === 'daily' ? 'daily' : 'weekly', Date.parse(newestLocal.takenAt), timezone)})`;
    out.skipped = { file: newestLocal.file, reason };
  }
  return out;
}
