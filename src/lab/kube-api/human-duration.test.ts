import { describe, expect, it } from 'vitest';
import { humanDuration } from './human-duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-3 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [5 * M + 30 * S, '5m30s'],
    [47 * M, '47m'],
    [179 * M, '179m'],
    [3 * H + 12 * M, '3h12m'],
    [7 * H, '7h'],
    [26 * H, '26h'],
    [4 * D + 3 * H, '4d3h'],
    [5 * D, '5d'],
    [31 * D, '31d'],
    [2 * 365 * D + 40 * D, '2y40d'],
    [9 * 365 * D, '9y'],
  ])('%i ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
