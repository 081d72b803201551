/**
 * The dashboard's one input hook. Every key goes through the registry for the scopes in force;
 * while the filter box or the command line has focus, keys that are not bound there are typed
 * into it, so `q` in a filter is a letter, not quit (talosctl dashboard's focusedIsInput).
 */
import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, type Dispatch } from 'react';
import { completeCommand, resolveCommand } from './command-line.js';
import { keyName, resolveKey, type KeyBinding } from './keys.js';
import { activeScopes, type ShellAction, type ShellState } from './shell-state.js';
import type { ActionRequest, ScreenDef, ScreenInputPort } from './types.js';

export interface ShellKeyDeps {
  state: ShellState;
  dispatch: Dispatch<ShellAction>;
  registry: readonly KeyBinding[];
  screens: readonly ScreenDef[];
  readOnly: boolean;
  port: ScreenInputPort;
  /** How far the help can scroll (its length minus the body height). */
  helpMaxOffset: number;
  onExit(): void;
  togglePause(): void;
  runAction(req: ActionRequest): Promise<void>;
}

const isTyped = (input: string, key: Key, name: string) =>
  input !== '' && name === input && !key.ctrl && !key.meta;

/**
 * Ink re-subscribes a changed useInput handler in a passive effect, which may run after the next
 * key has already arrived (a fast typist, a paste, a test): that key would meet the previous
 * screen's state. So the handler is stable and reads the latest state from a ref updated at commit.
 */
export function useShellKeys(deps: ShellKeyDeps): void {
  const latest = useRef(deps);
  useLayoutEffect(() => {
    latest.current = deps;
  });
  const onKey = useCallback((input: string, key: Key) => {
    const feed = (chunk: string) => {
      // Keys coalesced into one chunk (a slow link, `tmux send-keys /apps`) arrive as one input.
      // A text box takes the chunk whole (a paste); otherwise take it key by key, each after
      // the previous key's render, so `/` opens the filter before the rest is typed into it.
      const d = latest.current;
      if (d.state.input !== 'none' || chunk.length <= 1 || keyName(chunk, key) !== chunk) return handleKey(d, chunk, key);
      const [first = '', ...rest] = [...chunk];
      handleKey(d, first, key);
      if (rest.length > 0) setImmediate(() => feed(rest.join('')));
    };
    feed(input);
  }, []);
  useInput(onKey);
}

function handleKey(d: ShellKeyDeps, input: string, key: Key): void {
  const { state, dispatch } = d;

  const switchTo = (id: string) => {
    const def = d.screens.find((s) => s.id === id);
    if (def) dispatch({ type: 'switch-screen', screen: def.id, scopes: def.scopes });
  };

  const editText = (input: string, key: Key, name: string) => {
    const current = state.input === 'filter' ? (state.filters[state.screen] ?? '') : state.command;
    let next: string;
    if (name === 'backspace') next = current.slice(0, -1);
    else if (isTyped(input, key, name)) next = current + input;
    else return;
    dispatch(state.input === 'filter' ? { type: 'filter-text', text: next } : { type: 'command-text', text: next });
  };

  const run = (b: KeyBinding, name: string) => {
    switch (b.id) {
      case 'app.quit': return d.onExit();
      case 'app.help': return dispatch({ type: 'help', open: true });
      case 'help.close': return dispatch({ type: 'help', open: false });
      case 'help.scroll': {
        const step = name === 'pageup' || name === 'pagedown' ? 10 : 1;
        const up = name === 'up' || name === 'k' || name === 'pageup';
        return dispatch({ type: 'help-scroll', delta: up ? -step : step, max: d.helpMaxOffset });
      }
      case 'app.pause': return d.togglePause();
      case 'screen.switch': {
        const def = d.screens.find((s) => s.key === name);
        return def ? switchTo(def.id) : undefined;
      }
      case 'command.open': return dispatch({ type: 'command-open' });
      case 'command.cancel': return dispatch({ type: 'command-close' });
      case 'command.complete': {
        const c = completeCommand(state.command, d.screens);
        return dispatch({ type: 'command-text', text: c.text, completions: c.completions });
      }
      case 'command.run': {
        const target = resolveCommand(state.command, d.screens);
        dispatch({ type: 'command-close' });
        if (target.kind === 'quit') return d.onExit();
        if (target.kind === 'screen') return switchTo(target.id);
        const known = d.screens.map((s) => s.id).join(', ');
        return dispatch({ type: 'status', status: { tone: 'error', text: `✗ unknown screen "${target.text}" (${known})` } });
      }
      case 'filter.open': return dispatch({ type: 'filter-open' });
      case 'filter.apply': return dispatch({ type: 'filter-close', keep: true });
      case 'filter.cancel':
      case 'filter.clear': return dispatch({ type: 'filter-close', keep: false });
      case 'dialog.cancel':
        dispatch({ type: 'dialog-close' });
        return dispatch({ type: 'status', status: { tone: 'muted', text: 'cancelled: nothing was changed' } });
      case 'dialog.confirm': {
        const req = state.dialog;
        dispatch({ type: 'dialog-close' });
        if (req) void d.runAction(req);
        return;
      }
      default:
        d.port.current?.(b.id);
    }
  };

  const name = keyName(input, key);
  // Ctrl-C always quits, even from a text box (Ink's own exitOnCtrlC is off so we restore cleanly).
  if (name === 'ctrl+c') return d.onExit();
  const binding = resolveKey(d.registry, activeScopes(state), d.readOnly, name);
  if (binding) return run(binding, name);
  if (state.input !== 'none') editText(input, key, name);
}
