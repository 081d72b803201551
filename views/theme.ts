/**
 * Theme tokens. Every status is glyph + word + colour, so the mono theme (NO_COLOR, FORCE_COLOR=0)
 * loses nothing but colour. chalk ignores NO_COLOR (chalk#547), so the mono theme sets no colour,
 * bold or inverse at all: the output then carries no escape codes whatever chalk's level is.
 */
import type { Severity, Verdict } from '../src/fleet/index.js';

export type Tone = 'ok' | 'warn' | 'error' | 'pending' | 'muted' | 'accent';

export interface Theme {
  noColor: boolean;
  color(tone: Tone | undefined): string | undefined;
  /** Colour of the n-th cluster (config order), the production cue of k9s skins. */
  cluster(index: number | undefined): string | undefined;
  /** Whether bold/inverse may be used (escape codes too). */
  emphasis: boolean;
}

const TONES: Record<Tone, string> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  pending: 'cyan',
  muted: 'gray',
  accent: 'blue',
};
const CLUSTER_COLOURS = ['cyan', 'magenta', 'blue', 'yellow', 'green', 'white'];

export const colourTheme: Theme = {
  noColor: false,
  color: (tone) => (tone ? TONES[tone] : undefined),
  cluster: (i) => (i === undefined ? undefined : CLUSTER_COLOURS[i % CLUSTER_COLOURS.length]),
  emphasis: true,
};

export const monoTheme: Theme = {
  noColor: true,
  color: () => undefined,
  cluster: () => undefined,
  emphasis: false,
};

/** NO_COLOR (any non-empty value, per no-color.org) or FORCE_COLOR=0 selects the mono theme. */
export function resolveTheme(env: NodeJS.ProcessEnv): Theme {
  const noColor = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.FORCE_COLOR === '0';
  return noColor ? monoTheme : colourTheme;
}

export interface StatusStyle {
  glyph: string;
  word: string;
  tone: Tone;
}

export const VERDICT_STYLE: Record<Verdict, StatusStyle> = {
  healthy: { glyph: '✓', word: 'healthy', tone: 'ok' },
  degraded: { glyph: '▲', word: 'degraded', tone: 'warn' },
  critical: { glyph: '✗', word: 'critical', tone: 'error' },
  unreachable: { glyph: '?', word: 'unreachable', tone: 'error' },
  syncing: { glyph: '…', word: 'syncing', tone: 'pending' },
};

export const SEVERITY_STYLE: Record<Severity, StatusStyle> = {
  critical: { glyph: '✗', word: 'critical', tone: 'error' },
  warning: { glyph: '▲', word: 'warning', tone: 'warn' },
  info: { glyph: '•', word: 'info', tone: 'muted' },
};

export const label = (s: StatusStyle): string => `${s.glyph} ${s.word}`;
