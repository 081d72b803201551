import { describe, expect, it } from 'vitest';
import { CronExpressionParser } from 'cron-parser';
import { checkCron, plainCronIsValid } from './cron-check.js';

const cronParserAccepts = (expr: string) => {
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' }).next();
    return true;
  } catch {
    return false;
  }
};

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function* expressions(count: number): Generator<string> {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const atoms = ['*', '0', '1', '5', '7', '12', '13', '23', '24', '29', '30', '31', '32', '59', '60', 'jan', 'feb', 'dec', 'sun', 'mon', 'sat', 'L', 'x', '', '-1', '99'];
  const common = ['*', '*', '0', '1', '2', '5', '7', '12', 'mon', 'jan'];
  const atom = () => (rnd(3) === 0 ? atoms[rnd(atoms.length)]! : common[rnd(common.length)]!);
  const item = () => {
    const a = atom();
    const shape = rnd(3) === 0 ? rnd(5) : 0;
    const b = atom();
    const step = ['0', '1', '2', '15', '60', '100'][rnd(6)]!;
    return shape === 0 ? a : shape === 1 ? `${a}-${b}` : shape === 2 ? `${a}/${step}` : shape === 3 ? `${a}-${b}/${step}` : `${a},${b}`;
  };
  for (let i = 0; i < count; i++) yield Array.from({ length: 5 }, item).join(' ');
}

describe('plain cron fast path', () => {
  it('never calls an expression valid that cron-parser rejects (10,000 generated expressions)', () => {
    let proven = 0;
    for (const expr of expressions(10000)) {
      if (!plainCronIsValid(expr.split(' '))) continue;
      proven++;
      expect(cronParserAccepts(expr), expr).toBe(true);
    }
    expect(proven).toBeGreaterThan(100);
  });

  it('proves the schedules operators write', () => {
    for (const expr of ['0 */6 * * *', '15 3 * * *', '0 2 * * sun', '*/5 * * * 1-5', '0 0 1 * *', '30 4 * jan-mar mon,wed'])
      expect(plainCronIsValid(expr.split(' ')), expr).toBe(true);
  });

  it('leaves what it cannot prove to cron-parser, which explains the error', () => {
    expect(plainCronIsValid('0 0 30 2 *'.split(' '))).toBe(false);
    expect(checkCron('0 0 30 2 *', 'UTC')?.field).toBe('schedule');
    expect(checkCron('61 * * * *', 'UTC')).toMatchObject({ field: 'schedule', message: expect.stringContaining('"61 * * * *" is not a valid cron expression') });
    expect(checkCron('0 0 L * *', 'UTC')).toBeUndefined();
    expect(checkCron('0 2 * * *', 'Europe/Berlin')).toBeUndefined();
    expect(checkCron('0 2 * * *', 'Mars/Olympus')).toMatchObject({ field: 'timezone' });
    expect(checkCron('0 2 * *', 'UTC')).toMatchObject({ field: 'schedule', message: expect.stringContaining('has 4 fields') });
  });
});
