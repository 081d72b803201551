import { describe, expect, it } from 'vitest';
import { compareText, compareVersions, minorDistance, type SemVer } from './index.js';

describe('compareText', () => {
  it('orders by code unit whatever the locale: upper case before lower, digits before letters, ISO times by time', () => {
    expect(['b', 'a', 'B', 'apps-10', 'apps-2', 'Ä'].sort(compareText)).toEqual(['B', 'a', 'apps-10', 'apps-2', 'b', 'Ä']);
    expect(['2026-11-27T10:00:00Z', '2026-11-27T09:59:59Z', '2025-12-31T23:59:59Z'].sort(compareText)).toEqual(['2025-12-31T23:59:59Z', '2026-11-27T09:59:59Z', '2026-11-27T10:00:00Z']);
    expect(compareText('x', 'x')).toBe(0);
  });
});

describe('compareVersions', () => {
  const v = (s: string): SemVer => {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(s)!;
    return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' };
  };

  it('orders by SemVer 2.0.0 precedence: the example list of semver.org §11, and numbers before words', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1-0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    const shuffled = [...order].reverse();
    expect(shuffled.map(v).sort(compareVersions).map((x) => `${x.major}.${x.minor}.${x.patch}${x.pre ? `-${x.pre}` : ''}`)).toEqual(order);
    for (let i = 0; i + 1 < order.length; i++) {
      expect(compareVersions(v(order[i]!), v(order[i + 1]!))).toBeLessThan(0);
      expect(compareVersions(v(order[i + 1]!), v(order[i]!))).toBeGreaterThan(0);
      expect(compareVersions(v(order[i]!), v(order[i]!))).toBe(0);
    }
  });

  it('counts minors between versions, a major as a hundred', () => {
    expect(minorDistance(v('1.13.0'), v('1.12.7'))).toBe(1);
    expect(minorDistance(v('2.0.0'), v('1.12.0'))).toBe(88);
  });
});
