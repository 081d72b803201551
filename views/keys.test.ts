import type { Key } from 'ink';
import { describe, expect, test } from 'vitest';
import { BASE_KEYS, footerHints, helpSections, keyName, resolveKey, usableKeys, type KeyBinding } from './keys.js';
import { DEFAULT_SCREENS } from './screens/registry.js';

const registry: KeyBinding[] = [...BASE_KEYS, ...DEFAULT_SCREENS.flatMap((s) => s.keys ?? [])];
const noKey = { upArrow: false, downArrow: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false } as Key;

describe('keyName', () => {
  test('maps Ink key flags to one canonical name', () => {
    expect(keyName('', { ...noKey, downArrow: true })).toBe('down');
    expect(keyName('\r', { ...noKey, return: true })).toBe('enter');
    expect(keyName('', { ...noKey, escape: true, meta: true })).toBe('escape');
    // Terminals send DEL (0x7f) for Backspace; Ink reports it as `delete`.
    expect(keyName('', { ...noKey, delete: true })).toBe('backspace');
    expect(keyName('c', { ...noKey, ctrl: true })).toBe('ctrl+c');
    expect(keyName('R', { ...noKey, shift: true })).toBe('R');
    expect(keyName('\t', { ...noKey, tab: true })).toBe('tab');
  });
});

describe('registry', () => {
  test('ids are unique, and no key is bound twice within one scope', () => {
    expect(new Set(registry.map((b) => b.id)).size).toBe(registry.length);
    const seen = new Set<string>();
    for (const b of registry)
      for (const k of b.keys) {
        expect(seen.has(`${b.scope}:${k}`), `${k} twice in ${b.scope}`).toBe(false);
        seen.add(`${b.scope}:${k}`);
      }
  });
  test('destructive actions are dangerous and never on navigation chords', () => {
    const destructive = registry.filter((b) => /reboot|shut/.test(b.id));
    expect(destructive.length).toBeGreaterThan(0);
    for (const b of destructive) {
      expect(b.dangerous).toBe(true);
      expect(b.keys.some((k) => k.startsWith('ctrl+') || ['enter', 'escape', 'd', 'j', 'k'].includes(k))).toBe(false);
    }
  });
  test('the most specific scope wins: Esc goes back in the node detail', () => {
    expect(resolveKey(registry, ['node-detail', 'list', 'global'], false, 'escape')?.id).toBe('detail.back');
    expect(resolveKey(registry, ['nodes', 'list', 'sortable', 'filterable', 'filtered', 'global'], false, 'escape')?.id).toBe('filter.clear');
  });
  test('read-only removes dangerous entries from resolution, footer and help', () => {
    const scopes = ['nodes', 'list', 'sortable', 'filterable', 'global'];
    expect(resolveKey(registry, scopes, false, 'R')?.id).toBe('nodes.reboot');
    expect(resolveKey(registry, scopes, true, 'R')).toBeUndefined();
    expect(usableKeys(registry, scopes, true).some((b) => b.dangerous)).toBe(false);
    const help = helpSections(registry, { nodes: 'Nodes' }, true).flatMap((s) => s.entries);
    expect(help.some((e) => e.description.includes('reboot'))).toBe(false);
    expect(helpSections(registry, { nodes: 'Nodes' }, false).flatMap((s) => s.entries).some((e) => e.description === 'reboot node')).toBe(true);
  });
});

describe('footerHints', () => {
  const usable = usableKeys(registry, ['nodes', 'list', 'sortable', 'filterable', 'global'], false);
  test('wide: screen keys first, help and quit last', () => {
    const hints = footerHints(usable, 200).map((h) => `${h.key} ${h.description}`);
    expect(hints.slice(0, 3)).toEqual(['Enter details', 'R reboot', 'X shutdown']);
    expect(hints.slice(-2)).toEqual(['q/Ctrl-C quit', '? help']);
  });
  test('narrow: cut to the width, but help and quit stay', () => {
    for (const width of [30, 60, 80]) {
      const hints = footerHints(usable, width);
      const text = hints.map((h) => `${h.key} ${h.description}`).join('  ');
      expect(text.length).toBeLessThanOrEqual(width);
      expect(hints.map((h) => h.id)).toContain('app.help');
      expect(hints.map((h) => h.id)).toContain('app.quit');
    }
  });
});
