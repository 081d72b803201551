/**
 * The one key registry. It feeds the `?` help, the footer hints and read-only mode: an entry marked
 * `dangerous` disappears (from help, footer and key resolution) when the dashboard is read-only,
 * like k9s's ClearDanger. Destructive actions sit on shifted letters, never on navigation chords
 * (k9s#1121: ctrl-d deleted pods instead of paging).
 *
 * Scopes: `global`, a screen scope (`overview`, `nodes`, `node-detail`), a capability scope a
 * screen declares (`list` moves, `sortable`, `filterable`, `filtered`), or a mode (`help`,
 * `dialog`, `command`, `filter`).
 */
import type { Key } from 'ink';

export interface KeyBinding {
  id: string;
  /** Canonical key names (see keyName): 'q', 'R', 'enter', 'escape', 'up', 'ctrl+c', … */
  keys: readonly string[];
  /** Shown instead of the key names, e.g. '1-9'. */
  label?: string;
  description: string;
  /** Short text for the footer (the help shows `description`). */
  hint?: string;
  scope: string;
  dangerous?: boolean;
  /** Listed in the footer hints (the help always lists every usable entry). */
  visibleInFooter?: boolean;
}

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const BASE_KEYS: readonly KeyBinding[] = [
  { id: 'app.quit', hint: 'quit', keys: ['q', 'ctrl+c'], description: 'quit', scope: 'global', visibleInFooter: true },
  { id: 'app.help', hint: 'help', keys: ['?'], description: 'help', scope: 'global', visibleInFooter: true },
  { id: 'app.pause', hint: 'pause', keys: ['p'], description: 'pause/resume updates', scope: 'global', visibleInFooter: true },
  { id: 'screen.switch', hint: 'screens', keys: digits, label: '1-9', description: 'switch screen', scope: 'global', visibleInFooter: true },
  { id: 'command.open', hint: 'command', keys: [':'], description: 'command (:nodes, :overview, :quit)', scope: 'global', visibleInFooter: true },
  { id: 'list.up', keys: ['up', 'k'], label: '↑/k', description: 'move up', scope: 'list' },
  { id: 'list.down', hint: 'down', keys: ['down', 'j'], label: '↓/j', description: 'move down', scope: 'list', visibleInFooter: true },
  { id: 'list.pageUp', keys: ['pageup'], description: 'page up', scope: 'list' },
  { id: 'list.pageDown', keys: ['pagedown'], description: 'page down', scope: 'list' },
  { id: 'list.home', keys: ['home', 'g'], description: 'first row', scope: 'list' },
  { id: 'list.end', keys: ['end', 'G'], description: 'last row', scope: 'list' },
  { id: 'list.sort', hint: 'sort', keys: ['s'], description: 'cycle sort column', scope: 'sortable', visibleInFooter: true },
  { id: 'list.reverse', keys: ['S'], description: 'reverse sort', scope: 'sortable' },
  { id: 'filter.open', hint: 'filter', keys: ['/'], description: 'filter (!text inverts)', scope: 'filterable', visibleInFooter: true },
  { id: 'filter.clear', hint: 'clear filter', keys: ['escape'], description: 'clear filter', scope: 'filtered', visibleInFooter: true },
  { id: 'filter.apply', keys: ['enter'], description: 'keep filter', scope: 'filter', visibleInFooter: true },
  { id: 'filter.cancel', keys: ['escape'], description: 'clear filter', scope: 'filter', visibleInFooter: true },
  { id: 'command.run', keys: ['enter'], description: 'go to screen', scope: 'command', visibleInFooter: true },
  { id: 'command.complete', keys: ['tab'], description: 'complete', scope: 'command', visibleInFooter: true },
  { id: 'command.cancel', keys: ['escape'], description: 'cancel', scope: 'command', visibleInFooter: true },
  { id: 'help.scroll', keys: ['up', 'down', 'k', 'j', 'pageup', 'pagedown'], label: '↑↓/PgUp/PgDn', description: 'scroll help', scope: 'help' },
  { id: 'help.close', keys: ['escape', '?'], description: 'close help', scope: 'help', visibleInFooter: true },
  { id: 'dialog.confirm', keys: ['y', 'Y'], description: 'confirm', scope: 'dialog', visibleInFooter: true },
  { id: 'dialog.cancel', keys: ['n', 'N', 'escape', 'enter'], label: 'n/Esc', description: 'cancel', scope: 'dialog', visibleInFooter: true },
];

/** Ink's (input, key) → one canonical name. Backspace arrives as DEL (0x7f), which Ink calls `delete`. */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.escape) return 'escape';
  if (key.ctrl && input) return `ctrl+${input}`;
  return input;
}

const KEY_LABELS: Record<string, string> = {
  enter: 'Enter', escape: 'Esc', tab: 'Tab', up: '↑', down: '↓', pageup: 'PgUp',
  pagedown: 'PgDn', home: 'Home', end: 'End', 'ctrl+c': 'Ctrl-C',
};

export function keyLabel(b: KeyBinding): string {
  return b.label ?? b.keys.map((k) => KEY_LABELS[k] ?? k).join('/');
}

/** Entries usable in these scopes, most specific scope first; dangerous ones dropped when read-only. */
export function usableKeys(
  registry: readonly KeyBinding[],
  scopes: readonly string[],
  readOnly: boolean,
): KeyBinding[] {
  const out: KeyBinding[] = [];
  for (const scope of scopes)
    for (const b of registry) if (b.scope === scope && !(readOnly && b.dangerous)) out.push(b);
  return out;
}

export function resolveKey(
  registry: readonly KeyBinding[],
  scopes: readonly string[],
  readOnly: boolean,
  name: string,
): KeyBinding | undefined {
  return usableKeys(registry, scopes, readOnly).find((b) => b.keys.includes(name));
}

export interface FooterHint {
  id: string;
  key: string;
  description: string;
}

const PINNED = ['app.help', 'app.quit'];

/** Footer hints for the keys usable now, cut to `width`; `? help` and `q quit` always stay. */
export function footerHints(usable: readonly KeyBinding[], width: number): FooterHint[] {
  const all = usable
    .filter((b) => b.visibleInFooter)
    .map((b) => ({ id: b.id, key: keyLabel(b), description: b.hint ?? b.description }));
  const pinned = all.filter((h) => PINNED.includes(h.id));
  const rest = all.filter((h) => !pinned.includes(h));
  const cost = (h: FooterHint) => h.key.length + 1 + h.description.length + 2;
  let used = pinned.reduce((n, h) => n + cost(h), 0);
  const kept: FooterHint[] = [];
  for (const h of rest) {
    if (used + cost(h) > width) break;
    kept.push(h);
    used += cost(h);
  }
  return [...kept, ...pinned];
}

export interface HelpSection {
  title: string;
  entries: { key: string; description: string; dangerous: boolean }[];
}

const SCOPE_TITLES: Record<string, string> = {
  global: 'Global', list: 'Lists', sortable: 'Lists', filterable: 'Lists', filtered: 'Lists',
  filter: 'Filter box', command: 'Command line', dialog: 'Confirmation', help: 'Help',
};

/** The `?` overlay: every usable entry of the registry, grouped by scope. */
export function helpSections(
  registry: readonly KeyBinding[],
  screenTitles: Readonly<Record<string, string>>,
  readOnly: boolean,
): HelpSection[] {
  const sections = new Map<string, HelpSection>();
  for (const b of registry) {
    if (readOnly && b.dangerous) continue;
    const title = SCOPE_TITLES[b.scope] ?? screenTitles[b.scope] ?? b.scope;
    let s = sections.get(title);
    if (!s) sections.set(title, (s = { title, entries: [] }));
    s.entries.push({ key: keyLabel(b), description: b.description, dangerous: !!b.dangerous });
  }
  return [...sections.values()];
}
