/**
 * The backup schedule: a 5-field cron expression in a time zone (plat.yaml), read with
 * cron-parser. Gives the next runs, the interval that staleness is measured against (backup.md
 * §0.4: alert when the newest verified backup is older than ~2× the interval), a crontab line
 * and a systemd service + timer. Pure.
 */
import { CronExpressionParser } from 'cron-parser';
import { UserError } from '../errors/index.js';

export interface ScheduleInfo {
  expression: string;
  timezone: string;
  /** The time between the scheduled runs around `now`. */
  intervalMs: number;
  /** 2 × intervalMs. */
  staleAfterMs: number;
  previous: number;
  next: number[];
}

function parse(expr: string, tz: string, now: number) {
  try {
    return CronExpressionParser.parse(expr, { tz, currentDate: new Date(now) });
  } catch (e) {
    throw new UserError(`backup.schedule ${JSON.stringify(expr)} is not a valid cron expression: ${(e as Error).message}`);
  }
}

export function scheduleInfo(expr: string, tz: string, now: number, count = 5): ScheduleInfo {
  const e = parse(expr, tz, now);
  const next = e.take(count).map((d) => d.getTime());
  // the run before the next one: `now` itself when a run is due exactly now
  e.reset(new Date(next[0]!));
  const previous = e.prev().getTime();
  const intervalMs = next[0]! - previous;
  return { expression: expr, timezone: tz, intervalMs, staleAfterMs: 2 * intervalMs, previous, next };
}

/** Single-quote for sh (crontab runs the line with /bin/sh); `%` means newline to cron, so escape it. */
const shq = (s: string) => (/^[A-Za-z0-9_./=:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`).replace(/%/g, '\\%');

/**
 * A crontab line. Vixie/Debian cron runs lines in the system time zone; cronie honours CRON_TZ,
 * so a non-UTC zone is given as CRON_TZ and spelled out in a comment for the other crons.
 */
export function crontabLine(expr: string, tz: string, command: string[], logFile: string): string {
  const lines = [`# plat etcd backup — schedule "${expr}" in ${tz}`];
  if (tz !== 'UTC' && tz !== 'Etc/UTC') lines.push(`# cronie reads CRON_TZ; with another cron make sure the system time zone is ${tz}`);
  lines.push(`CRON_TZ=${tz}`);
  lines.push(`${expr.trim().split(/\s+/).join(' ')} ${command.map(shq).join(' ')} >>${shq(logFile)} 2>&1`);
  return lines.join('\n') + '\n';
}

const CRON_NAMES = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)\b/gi;
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Values as a systemd calendar component: `*`, `a..b` for runs of three or more, else a list. */
function component(values: number[], all: number, fmt: (n: number) => string): string {
  if (values.length >= all) return '*';
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    if (j - i >= 2) out.push(`${fmt(values[i]!)}..${fmt(values[j]!)}`);
    else for (let k = i; k <= j; k++) out.push(fmt(values[k]!));
    i = j + 1;
  }
  return out.join(',');
}

/** `OnCalendar=` values for the cron expression (two when cron's day-of-month/day-of-week OR applies). */
export function onCalendar(expr: string, tz: string): string[] {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) throw new UserError(`backup.schedule ${JSON.stringify(expr)} must have 5 fields`);
  if (fields.some((x) => /[LW#?H]/i.test(x.replace(CRON_NAMES, '')))) {
    throw new UserError(`backup.schedule ${JSON.stringify(expr)} uses L, W, # or H, which a systemd timer cannot express`, { hint: 'use --emit crontab, or a schedule with plain values, ranges and steps' });
  }
  const f = parse(expr, tz, Date.now()).fields;
  const nums = (v: readonly (number | string)[]) => [...new Set(v.map(Number))].sort((a, b) => a - b);
  const minute = component(nums(f.minute.values), 60, (n) => String(n).padStart(2, '0'));
  const hour = component(nums(f.hour.values), 24, (n) => String(n).padStart(2, '0'));
  const dom = component(nums(f.dayOfMonth.values), 31, (n) => String(n).padStart(2, '0'));
  const month = component(nums(f.month.values), 12, (n) => String(n).padStart(2, '0'));
  // systemd weeks start on Monday; cron's Sunday is 0 (or 7)
  const dowValues = nums(f.dayOfWeek.values.map((v) => Number(v) % 7)).map((n) => (n + 6) % 7).sort((a, b) => a - b);
  const dow = component(dowValues, 7, (n) => DOW[(n + 1) % 7]!);
  const at = (d: string, day: string) => `${d === '*' ? '' : `${d} `}*-${month}-${day} ${hour}:${minute}:00 ${tz}`;
  const domRestricted = !f.dayOfMonth.isWildcard && dom !== '*';
  const dowRestricted = !f.dayOfWeek.isWildcard && dow !== '*';
  // cron: when both day fields are restricted a day matching EITHER runs; systemd ANDs them
  if (domRestricted && dowRestricted) return [at('*', dom), at(dow, '*')];
  return [at(dowRestricted ? dow : '*', domRestricted ? dom : '*')];
}

/** systemd ExecStart quoting: double quotes, with backslash and quote escaped; `%` doubled (specifier). */
const sdq = (s: string) => (/^[A-Za-z0-9_./=:@-]+$/.test(s) ? s : `"${s.replace(/[\\"]/g, '\\$&')}"`).replace(/%/g, '%%');

export function systemdUnits(expr: string, tz: string, command: string[], name = 'plat-backup'): { service: string; timer: string; name: string } {
  const calendars = onCalendar(expr, tz);
  const service = [
    '[Unit]',
    'Description=plat: verified etcd backups of every cluster in plat.yaml',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${command.map(sdq).join(' ')}`,
    // plat logs plain timestamped lines to stderr; the journal keeps them
    'Nice=10',
    'IOSchedulingClass=best-effort',
    'IOSchedulingPriority=7',
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=plat: etcd backups on "${expr}" (${tz})`,
    '',
    '[Timer]',
    ...calendars.map((c) => `OnCalendar=${c}`),
    // a run missed while the machine was off happens at the next boot
    'Persistent=true',
    `Unit=${name}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer, name };
}
