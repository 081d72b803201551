/**
 * A schedule is a 5-field cron expression (what crontab and our systemd emitter accept) in a real
 * time zone. cron-parser (with luxon and ICU's first time-zone lookup behind it) costs ~40 ms to
 * load and run, most of `plat config validate`'s time: plain expressions in UTC are proven valid
 * here without it, and everything else — names of the week and month aside, any letter, day and
 * month both fixed (Feb 31), an error to explain — goes to cron-parser, which stays the judge.
 */
import { createRequire } from 'node:module';
import type { CronExpressionParser as Parser } from 'cron-parser';

export function checkCron(expr: string, timezone: string): { field: 'schedule' | 'timezone'; message: string } | undefined {
  if (!UTC_NAMES.has(timezone)) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      return { field: 'timezone', message: `${JSON.stringify(timezone)} is not a time zone (like UTC or Europe/Berlin)` };
    }
  }
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    return { field: 'schedule', message: `${JSON.stringify(expr)} has ${fields.length} fields; a cron schedule has 5 (minute hour day-of-month month day-of-week)` };
  }
  if (UTC_NAMES.has(timezone) && plainCronIsValid(fields)) return undefined;
  try {
    cronParser().parse(expr, { tz: timezone }).next();
  } catch (e) {
    return { field: 'schedule', message: `${JSON.stringify(expr)} is not a valid cron expression: ${(e as Error).message}` };
  }
  return undefined;
}

const UTC_NAMES = new Set(['UTC', 'Etc/UTC']);

/** [min, max] per field: minute, hour, day of month, month, day of week (7 is Sunday too). */
const RANGES: readonly (readonly [number, number])[] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * True only when every field is `*`, a number, a range or a list of them, each with an optional
 * `/step`, all inside the field's range (names allowed for month and day of week). False means
 * "not proven", not "invalid": cron-parser decides those.
 */
export function plainCronIsValid(fields: readonly string[]): boolean {
  if (fields.length !== 5) return false;
  // A fixed day of month in a fixed month can name a day that never comes (30 2): cron-parser's call.
  if (fields[2] !== '*' && fields[3] !== '*') return false;
  return fields.every((f, i) => {
    const items = f.split(',');
    if (!items.every((item) => plainItem(item, i))) return false;
    if (items.length === 1) return true;
    // cron-parser refuses a value listed twice (7 and 0 are both Sunday); lists of ranges or steps
    // are left to it.
    const values = items.map((item) => value(item.toLowerCase(), i));
    if (values.some((v) => v === undefined)) return false;
    const seen = new Set(values.map((v) => (i === 4 && v === 7 ? 0 : v)));
    return seen.size === values.length;
  });
}

function plainItem(item: string, field: number): boolean {
  const [lo, hi] = RANGES[field]!;
  const m = /^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:\/([0-9]+))?$/.exec(item.toLowerCase());
  if (!m) return false;
  if (m[2] !== undefined) {
    const step = Number(m[2]);
    if (!(step >= 1 && step <= hi)) return false;
  }
  if (m[1] === '*') return true;
  const [a, b] = m[1]!.split('-').map((v) => value(v, field));
  if (a === undefined || a < lo || a > hi) return false;
  if (b === undefined) return !m[1]!.includes('-') && m[2] === undefined;
  return b >= lo && b <= hi && a <= b;
}

function value(text: string, field: number): number | undefined {
  if (/^[0-9]{1,2}$/.test(text)) return Number(text);
  const names = field === 3 ? MONTHS : field === 4 ? DAYS : undefined;
  const i = names?.indexOf(text) ?? -1;
  return i < 0 ? undefined : field === 3 ? i + 1 : i;
}

let parser: typeof Parser | undefined;
function cronParser(): typeof Parser {
  parser ??= (createRequire(import.meta.url)('cron-parser') as { CronExpressionParser: typeof Parser }).CronExpressionParser;
  return parser;
}
