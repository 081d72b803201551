import { describe, expect, it } from 'vitest';
import { goDuration, goQuote, humanizeBytes, tabwrite } from './go-format.js';

describe('Go formatting', () => {
  it('tabwriter pads tab-terminated cells only and keeps trailing blanks of empty last columns', () => {
    expect(tabwrite('A\tBB\tC\nxxxx\t\t\n')).toBe('A      BB   C\nxxxx        \n');
    // a line with fewer cells ends the column block (text/tabwriter semantics)
    expect(tabwrite('a\tb\nlonger line\nccc\td\n')).toBe('a   b\nlonger line\nccc   d\n');
  });

  it('time.Duration strings', () => {
    expect([0, 999, 17_000, 351_000, 3_723_000, -5_000].map(goDuration)).toEqual(['0s', '1s', '17s', '5m51s', '1h2m3s', '-5s']);
  });

  it('go-humanize SI bytes and strconv.Quote', () => {
    expect([3, 2_200_000, 21_000_000, 6_000_000, 2_147_483_648].map(humanizeBytes)).toEqual(['3 B', '2.2 MB', '21 MB', '6.0 MB', '2.1 GB']);
    expect(goQuote('a "b"\tc')).toBe('"a \\"b\\"\\tc"');
  });
});
