import { describe, expect, test } from 'vitest';
import { cellWidth, fit, wrap } from './text-layout.js';

describe('fit', () => {
  test('pads short text and truncates long text with an ellipsis', () => {
    expect(fit('etcd', 6)).toBe('etcd  ');
    expect(fit('3d4h', 6, 'right')).toBe('  3d4h');
    expect(fit('controlplane', 8)).toBe('control…');
    expect(fit('✗ NotReady', 10)).toBe('✗ NotReady');
    expect(cellWidth(fit('anything', 1))).toBe(1);
    expect(fit('x', 0)).toBe('');
  });
});

describe('wrap', () => {
  test('breaks on spaces and keeps every line within the width', () => {
    const lines = wrap('kubelet stopped posting node status three minutes ago', 20);
    expect(lines).toEqual(['kubelet stopped', 'posting node status', 'three minutes ago']);
    for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(20);
  });
  test('breaks a word longer than the line hard', () => {
    expect(wrap('a 0123456789abcdef', 8)).toEqual(['a', '01234567', '89abcdef']);
  });
  test('empty text is one empty line', () => {
    expect(wrap('', 10)).toEqual(['']);
  });
});
