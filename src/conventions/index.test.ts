import { describe, expect, it } from 'vitest';
import { compareText } from './index.js';

describe('compareText', () => {
  it('orders by code unit whatever the locale: upper case before lower, digits before letters, ISO times by time', () => {
    expect(['b', 'a', 'B', 'apps-10', 'apps-2', 'Ä'].sort(compareText)).toEqual(['B', 'a', 'apps-10', 'apps-2', 'b', 'Ä']);
    expect(['2026-11-27T10:00:00Z', '2026-11-27T09:59:59Z', '2025-12-31T23:59:59Z'].sort(compareText)).toEqual(['2025-12-31T23:59:59Z', '2026-11-27T09:59:59Z', '2026-11-27T10:00:00Z']);
    expect(compareText('x', 'x')).toBe(0);
  });
});
