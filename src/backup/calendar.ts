/**
 * Calendar arithmetic in a named time zone, with nothing but Intl: the wall-clock parts of an
 * instant, ISO weeks (Monday–Sunday, week 1 holds the year's first Thursday), and "N days
 * before" on the calendar (so a 23- or 25-hour DST day still counts as one day, as restic's
 * AddDate does). Pure.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function zonedParts(ms: number, tz: string): ZonedParts {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p['year']!, month: p['month']!, day: p['day']!, hour: p['hour']! % 24, minute: p['minute']!, second: p['second']! };
}

/** The instant whose wall clock in `tz` reads `parts` (in a DST fold or gap: an instant within the hour around it). */
export function fromZoned(parts: ZonedParts, tz: string): number {
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const p = zonedParts(guess, tz);
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess;
    const next = asUtc - offset;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const d = new Date(Date.UTC(year, month - 1, day));
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const isoYear = d.getUTCFullYear();
  const dayOfYear = Math.round((d.getTime() - Date.UTC(isoYear, 0, 1)) / 86_400_000);
  return { year: isoYear, week: 1 + Math.floor(dayOfYear / 7) };
}

export type BucketKind = 'hourly' | 'daily' | 'weekly' | 'monthly';

/** restic's bucket values, as readable labels: one backup is kept per distinct label. */
export function bucketLabel(kind: BucketKind, ms: number, tz: string): string {
  const p = zonedParts(ms, tz);
  switch (kind) {
    case 'hourly':
      return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}h`;
    case 'daily':
      return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
    case 'weekly': {
      const w = isoWeek(p.year, p.month, p.day);
      return `${w.year}-W${pad(w.week)}`;
    }
    case 'monthly':
      return `${p.year}-${pad(p.month)}`;
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `ms` minus a plat.yaml duration (`30m`, `24h`, `7d`, `2w`): seconds, minutes and hours are
 * elapsed time; days and weeks are calendar days in `tz`.
 */
export function minusDuration(ms: number, duration: string, tz: string): number {
  const m = /^(\d+)(s|m|h|d|w)$/.exec(duration);
  if (!m) throw new Error(`"${duration}" is not a duration (like 30m, 24h, 7d)`);
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit in UNIT_MS) return ms - n * UNIT_MS[unit]!;
  const days = unit === 'w' ? n * 7 : n;
  const p = zonedParts(ms, tz);
  const shifted = new Date(Date.UTC(p.year, p.month - 1, p.day - days));
  return fromZoned({ ...p, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }, tz);
}
