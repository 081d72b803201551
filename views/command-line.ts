/** The `:` command line (k9s-style): screen names with Tab completion, plus `quit`. */
import type { ScreenDef } from './types.js';

export type CommandTarget = { kind: 'screen'; id: string } | { kind: 'quit' } | { kind: 'unknown'; text: string };

const QUIT = ['quit', 'q'];

/** Every name typed after `:` and what it leads to (a screen id, or `quit`). */
function names(screens: readonly ScreenDef[]): [name: string, target: string][] {
  return [
    ...screens.flatMap((s) => [s.id, ...(s.aliases ?? [])].map((n): [string, string] => [n, s.id])),
    ...QUIT.map((n): [string, string] => [n, 'quit']),
  ];
}

const commonPrefix = (words: readonly string[]): string =>
  words.reduce((p, w) => {
    let i = 0;
    while (i < p.length && i < w.length && p[i] === w[i]) i++;
    return p.slice(0, i);
  });

/**
 * Tab: when every match leads to one screen, complete to its id; otherwise complete the common
 * prefix of the matching names and list the screens they lead to.
 */
export function completeCommand(
  text: string,
  screens: readonly ScreenDef[],
): { text: string; completions: string[] } {
  const t = text.trim().toLowerCase();
  const matches = names(screens).filter(([n]) => n.startsWith(t));
  const targets = [...new Set(matches.map(([, target]) => target))];
  if (targets.length === 0) return { text, completions: [] };
  if (targets.length === 1) return { text: targets[0]!, completions: [] };
  return { text: commonPrefix(matches.map(([n]) => n)), completions: targets };
}

/** Enter: an exact name or alias, or a prefix that leads to a single screen. */
export function resolveCommand(text: string, screens: readonly ScreenDef[]): CommandTarget {
  const t = text.trim().toLowerCase();
  const all = names(screens);
  const exact = all.find(([n]) => n === t);
  const targets = exact ? [exact[1]] : [...new Set(all.filter(([n]) => t !== '' && n.startsWith(t)).map(([, x]) => x))];
  if (targets.length === 1) return targets[0] === 'quit' ? { kind: 'quit' } : { kind: 'screen', id: targets[0]! };
  return { kind: 'unknown', text: text.trim() };
}
