/** A schedule is a 5-field cron expression (what crontab and our systemd emitter accept) in a real time zone. */
import { CronExpressionParser } from 'cron-parser';

export function checkCron(expr: string, timezone: string): { field: 'schedule' | 'timezone'; message: string } | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return { field: 'timezone', message: `${JSON.stringify(timezone)} is not a time zone (like UTC or Europe/Berlin)` };
  }
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    return { field: 'schedule', message: `${JSON.stringify(expr)} has ${fields.length} fields; a cron schedule has 5 (minute hour day-of-month month day-of-week)` };
  }
  try {
    CronExpressionParser.parse(expr, { tz: timezone }).next();
  } catch (e) {
    return { field: 'schedule', message: `${JSON.stringify(expr)} is not a valid cron expression: ${(e as Error).message}` };
  }
  return undefined;
}
