import { describe, expect, it } from 'vitest';
import { hangingLines, lineText } from './segments.js';

const texts = (lines: ReturnType<typeof hangingLines>) => lines.map(lineText);

describe('hangingLines', () => {
  it('wraps under a hanging indent at the full width', () => {
    expect(texts(hangingLines([{ text: '    why: ' }], 'health check failed after 5m0s: timeout waiting for the webhook', 40, undefined, 9))).toEqual([
      '    why: health check failed after 5m0s:',
      '         timeout waiting for the webhook',
    ]);
  });

  it('moves a word too long for what is left of the first line down whole, not cut in two (60 columns)', () => {
    const lead = [{ text: '  ✗ ' }, { text: 'ks/flux-system/cert-manager' }, { text: ' — ' }];
    expect(texts(hangingLines(lead, 'Flux: ks/flux-system/cert-manager is failed for 25s', 60, undefined, 4))).toEqual([
      '  ✗ ks/flux-system/cert-manager — Flux:',
      '    ks/flux-system/cert-manager is failed for 25s',
    ]);
    expect(texts(hangingLines(lead, 'ks/flux-system/cert-manager is failed', 60, undefined, 4))).toEqual([
      '  ✗ ks/flux-system/cert-manager — ',
      '    ks/flux-system/cert-manager is failed',
    ]);
  });

  it('cuts only a word too long for any line, starting on the first', () => {
    expect(texts(hangingLines([{ text: 'id: ' }], `${'x'.repeat(25)} end`, 14, undefined, 2))).toEqual(['id: xxxxxxxxxx', '  xxxxxxxxxxxx', '  xxx end']);
  });
});
