/**
 * Plain-command styling without chalk: theme tokens → ANSI SGR, off when colour is off
 * (FORCE_COLOR=0 is set by bin/plat.js for NO_COLOR, --no-color, -o json|yaml|jsonl, TERM=dumb, non-TTY).
 * Every status is glyph + word + colour, so nothing depends on colour alone.
 */
export type Token = 'ok' | 'warn' | 'error' | 'pending' | 'muted' | 'accent' | 'bold';

const SGR: Record<Token, [number, number]> = {
  ok: [32, 39],
  warn: [33, 39],
  error: [31, 39],
  pending: [36, 39],
  muted: [2, 22],
  accent: [35, 39],
  bold: [1, 22],
};

export function colourEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FORCE_COLOR !== '0' && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

export function paint(token: Token, text: string, on = colourEnabled()): string {
  if (!on) return text;
  const [a, b] = SGR[token];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

export const glyph = {
  ok: '✓',
  warn: '▲',
  error: '✗',
  pending: '…',
  unknown: '?',
  info: '·',
} as const;

/** Visible width (ANSI codes stripped; wide glyphs count as one here, which holds for ours). */
export function visibleWidth(s: string): number {
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}
