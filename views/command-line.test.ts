import { describe, expect, test } from 'vitest';
import { completeCommand, resolveCommand } from './command-line.js';
import { SHELL_SCREENS as DEFAULT_SCREENS } from './testing/shell-screens.js';
import type { ScreenDef } from './types.js';

const withNetwork: ScreenDef[] = [
  ...DEFAULT_SCREENS,
  { ...DEFAULT_SCREENS[1]!, id: 'network', title: 'Network', key: '3', aliases: ['net'] },
];

describe('command line', () => {
  test('Tab completes a unique prefix to the screen name', () => {
    expect(completeCommand('nod', DEFAULT_SCREENS)).toEqual({ text: 'nodes', completions: [] });
    expect(completeCommand('node', DEFAULT_SCREENS)).toEqual({ text: 'nodes', completions: [] });
    expect(completeCommand('ov', DEFAULT_SCREENS)).toEqual({ text: 'overview', completions: [] });
  });
  test('Tab on an ambiguous prefix completes the common part and lists the candidates', () => {
    expect(completeCommand('n', withNetwork)).toEqual({ text: 'n', completions: ['nodes', 'network'] });
    expect(completeCommand('ne', withNetwork)).toEqual({ text: 'network', completions: [] });
    expect(completeCommand('', withNetwork).completions).toEqual(['overview', 'nodes', 'network', 'quit']);
    expect(completeCommand('zz', withNetwork)).toEqual({ text: 'zz', completions: [] });
  });
  test('Enter resolves names, aliases and unique prefixes; quit quits', () => {
    expect(resolveCommand('nodes', withNetwork)).toEqual({ kind: 'screen', id: 'nodes' });
    expect(resolveCommand('net', withNetwork)).toEqual({ kind: 'screen', id: 'network' });
    expect(resolveCommand('overv', withNetwork)).toEqual({ kind: 'screen', id: 'overview' });
    expect(resolveCommand('q', withNetwork)).toEqual({ kind: 'quit' });
    expect(resolveCommand('n', withNetwork)).toEqual({ kind: 'unknown', text: 'n' });
    expect(resolveCommand(' pods ', withNetwork)).toEqual({ kind: 'unknown', text: 'pods' });
  });
});
