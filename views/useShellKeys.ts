/**
 * The dashboard's one input hook. Every key goes through the registry for the scopes in force;
 * while the filter box or the command line has focus, keys that are not bound there are typed
 * into it, so `q` in a filter is a letter, not quit (talosctl dashboard's focusedIsInput).
 */
import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, type Dispatch } from 'react';
import { completeCommand, resolveCommand } from './command-line.js';
import { keyName, resolveKey, type KeyBinding } from './keys.js';
import { activeScopes, shellReducer, type ShellAction, type ShellState } from './shell-state.js';
import type { ScreenDef, ScreenInputPort, ShellActionRequest } from './types.js';

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
  runAction(req: ShellActionRequest): Promise<void>;
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
  // The shell state as the keys already handled left it, ahead of React's render: a key that
  // opens the filter must send the rest of the same burst into the filter, not run it as commands.
  const shadow = useRef(deps.state);
  // Keys held back until the render that the previous key caused has committed (so a screen key
  // meets the new screen's input port); a key that changed nothing is let through shortly after.
  const afterRender = useRef<(() => void)[]>([]);
  useLayoutEffect(() => {
    latest.current = deps;
    shadow.current = deps.state;
    for (const run of afterRender.current.splice(0)) run();
  });
  const whenRendered = (run: () => void) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      run();
    };
    afterRender.current.push(once);
    setTimeout(() => {
      afterRender.current = afterRender.current.filter((f) => f !== once);
      once();
    }, 30);
  };
  const onKey = useCallback((input: string, key: Key) => {
    const feed = (chunk: string, flags: Key) => {
      // A lone control character split out of a burst ("\r\r": apply the filter, then open the
      // row) gets the flags Ink would have given it on its own read.
      const k = chunk.length === 1 && /[\x00-\x1f\x7f]/.test(chunk) && keyName(chunk, flags) === chunk ? keyOf(chunk, flags) : flags;
      // Keys coalesced into one chunk (a slow link, a paste, `tmux send-keys /apps`) arrive as
      // one input. A text box takes printable text whole; everything else is taken key by key.
      const base = latest.current;
      const d: ShellKeyDeps = {
        ...base,
        state: shadow.current,
        dispatch: (a) => {
          shadow.current = shellReducer(shadow.current, a);
          base.dispatch(a);
        },
      };
      if (isEscThenKey(chunk, k)) {
        // Esc and the next key in one read reach Ink as Alt+key. No Alt chord is bound, so this is
        // what the operator typed: Esc, then the key (Esc q on a detail goes back, then quits).
        const escBound = resolveKey(d.registry, activeScopes(d.state), d.readOnly, 'escape');
        handleKey(d, '', keyOf('\u001b', k));
        if (!escBound || shadow.current.input !== 'none') return feed(chunk, plainKey(k));
        return whenRendered(() => feed(chunk, plainKey(k)));
      }
      if (chunk.length > 1 && d.state.input !== 'none') {
        // Enter or Esc in the same burst as typed text must act as that key, not be typed.
        const text = /^[^\x00-\x1f\x7f]*/.exec(chunk)![0];
        if (text.length === chunk.length) return handleKey(d, chunk, k);
        if (text) handleKey(d, text, plainKey(k));
        const ctl = chunk[text.length]!;
        handleKey(d, ctl, keyOf(ctl, k));
        const rest = chunk.slice(text.length + 1);
        if (rest) feed(rest, plainKey(k));
        return;
      }
      if (d.state.input !== 'none' || chunk.length <= 1 || keyName(chunk, k) !== chunk) return handleKey(d, chunk, k);
      const [first = '', ...rest] = [...chunk];
      handleKey(d, first, k);
      if (rest.length === 0) return;
      // Text for a box that just opened goes in now; screen keys wait for the render that gives
      // the (possibly new) screen its input port.
      if (shadow.current.input !== 'none') feed(rest.join(''), plainKey(k));
      else whenRendered(() => feed(rest.join(''), plainKey(k)));
    };
    feed(input, key);
  }, []);
  useInput(onKey);
}

/** Ink's Alt+key for a printable key (ESC followed by it in one read). */
function isEscThenKey(chunk: string, k: Key): boolean {
  return k.meta && !k.escape && !k.ctrl && [...chunk].length === 1 && !/[\x00-\x1f\x7f]/.test(chunk) && keyName(chunk, plainKey(k)) === chunk;
}

/** A key with no special flags (for text split out of a burst). */
function plainKey(k: Key): Key {
  const out = { ...k } as Record<string, unknown>;
  for (const f of Object.keys(out)) if (typeof out[f] === 'boolean') out[f] = false;
  return out as unknown as Key;
}

/** The Key Ink would have given a lone control character. */
function keyOf(ch: string, k: Key): Key {
  const key = plainKey(k);
  if (ch === '\r' || ch === '\n') key.return = true;
  else if (ch === '\u001b') key.escape = true;
  else if (ch === '\u007f' || ch === '\b') key.backspace = true;
  else if (ch === '\t') key.tab = true;
  else key.ctrl = true;
  return key;
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
