/**
 * The shell's own state (which screen, which overlay, what the text inputs hold), as a reducer.
 * Screens keep their widget state themselves; the shell only knows their key scopes.
 */
import type { Tone } from './theme.js';
import type { ShellActionRequest } from './types.js';

export type Overlay = 'none' | 'help' | 'dialog';
export type TextInput = 'none' | 'filter' | 'command';

export interface StatusMessage {
  tone: Tone;
  text: string;
}

export interface ShellState {
  screen: string;
  scopes: readonly string[];
  overlay: Overlay;
  input: TextInput;
  filters: Readonly<Record<string, string>>;
  command: string;
  completions: readonly string[];
  helpOffset: number;
  dialog: ShellActionRequest | undefined;
  status: StatusMessage | undefined;
  /** An action is streaming events: a second one is refused until it ends. */
  busy: boolean;
}

export type ShellAction =
  | { type: 'switch-screen'; screen: string; scopes: readonly string[] }
  | { type: 'set-scopes'; scopes: readonly string[] }
  | { type: 'help'; open: boolean }
  | { type: 'help-scroll'; delta: number; max: number }
  | { type: 'command-open' }
  | { type: 'command-text'; text: string; completions?: readonly string[] }
  | { type: 'command-close' }
  | { type: 'filter-open' }
  | { type: 'filter-text'; text: string }
  | { type: 'filter-close'; keep: boolean }
  | { type: 'dialog-open'; request: ShellActionRequest }
  | { type: 'dialog-close' }
  | { type: 'status'; status: StatusMessage | undefined }
  | { type: 'busy'; busy: boolean };

export function initialShellState(screen: string, scopes: readonly string[]): ShellState {
  return {
    screen,
    scopes,
    overlay: 'none',
    input: 'none',
    filters: {},
    command: '',
    completions: [],
    helpOffset: 0,
    dialog: undefined,
    status: undefined,
    busy: false,
  };
}

export function shellReducer(s: ShellState, a: ShellAction): ShellState {
  switch (a.type) {
    case 'switch-screen':
      return { ...s, screen: a.screen, scopes: a.scopes, overlay: 'none', input: 'none', command: '', completions: [] };
    case 'set-scopes':
      return { ...s, scopes: a.scopes };
    case 'help':
      return { ...s, overlay: a.open ? 'help' : 'none', helpOffset: 0 };
    case 'help-scroll':
      return { ...s, helpOffset: Math.max(0, Math.min(a.max, s.helpOffset + a.delta)) };
    case 'command-open':
      return { ...s, input: 'command', command: '', completions: [] };
    case 'command-text':
      return { ...s, command: a.text, completions: a.completions ?? [] };
    case 'command-close':
      return { ...s, input: 'none', command: '', completions: [] };
    case 'filter-open':
      return { ...s, input: 'filter' };
    case 'filter-text':
      return { ...s, filters: { ...s.filters, [s.screen]: a.text } };
    case 'filter-close':
      return {
        ...s,
        input: 'none',
        filters: a.keep ? s.filters : { ...s.filters, [s.screen]: '' },
      };
    case 'dialog-open':
      return { ...s, overlay: 'dialog', dialog: a.request };
    case 'dialog-close':
      return { ...s, overlay: 'none', dialog: undefined };
    case 'status':
      return { ...s, status: a.status };
    case 'busy':
      return { ...s, busy: a.busy };
  }
}

/** Key scopes in force, most specific first; overlays and text inputs shadow the screen. */
export function activeScopes(s: ShellState): string[] {
  if (s.overlay === 'dialog') return ['dialog'];
  if (s.input === 'filter') return ['filter'];
  if (s.input === 'command') return ['command'];
  if (s.overlay === 'help') return ['help', 'global'];
  const filtered = (s.filters[s.screen] ?? '') !== '' && s.scopes.includes('filterable');
  return [...s.scopes, ...(filtered ? ['filtered'] : []), 'global'];
}
