/**
 * The dashboard shell: header (cluster badges, read-only and paused marks, screen tabs), the
 * current screen, a status line and the footer hints. It renders from the store's current state
 * at once (possibly all syncing) and never waits for data.
 */
import { Box } from 'ink';
import { useCallback, useMemo, useReducer, useRef } from 'react';
import { ConfirmDialog } from './components/ConfirmDialog.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay, helpLines } from './components/HelpOverlay.js';
import { LineWidthContext } from './components/LineView.js';
import { StatusLine } from './components/StatusLine.js';
import { headerLines, tabsLine } from './header-lines.js';
import { BASE_KEYS, footerHints, helpSections, usableKeys } from './keys.js';
import { DEFAULT_SCREENS } from './screens/registry.js';
import { activeScopes, initialShellState, shellReducer } from './shell-state.js';
import { clusterVerdict } from '../src/fleet/index.js';
import { monoTheme, colourTheme, resolveTheme } from './theme.js';
import type { Tone } from './theme.js';
import type { DashboardProps, RepaintClock, ScreenInputPort, ShellActionRequest } from './types.js';
import { useActionRunner } from './useActionRunner.js';
import { useFleetSnapshot } from './useFleetSnapshot.js';
import { useShellKeys } from './useShellKeys.js';
import { useTerminalSize } from './useTerminalSize.js';
import { ThemeContext } from './useTheme.js';

const wallClock: RepaintClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function Dashboard(props: DashboardProps) {
  const { readOnly, onExit } = props;
  const screens = props.screens ?? DEFAULT_SCREENS;
  const theme = useMemo(
    () => (props.noColor === undefined ? resolveTheme(process.env) : props.noColor ? monoTheme : colourTheme),
    [props.noColor],
  );
  const registry = useMemo(() => [...BASE_KEYS, ...screens.flatMap((s) => s.keys ?? [])], [screens]);
  const first = screens.find((s) => s.id === props.initialScreen) ?? screens[0]!;
  const [shell, dispatch] = useReducer(shellReducer, initialShellState(first.id, first.scopes));
  const port = useRef<ScreenInputPort>({ current: undefined }).current;
  const { state, paused, togglePause } = useFleetSnapshot(
    props.store,
    props.clock ?? wallClock,
    props.repaintIntervalMs ?? 125,
  );
  const runAction = useActionRunner(props.actions, dispatch);

  const requestAction = useCallback(
    (req: ShellActionRequest) => {
      const cluster = state.clusters.find((c) => c.name === req.cluster);
      const refuse = (text: string) => dispatch({ type: 'status', status: { tone: 'error', text: `✗ ${text}` } });
      const verb = req.kind === 'screen' ? req.verb : req.kind;
      if (readOnly) return refuse(`read-only: ${verb} is disabled`);
      if (cluster?.readOnly) return refuse(`cluster ${req.cluster} is read-only: ${verb} refused`);
      if (shell.busy) return refuse('another action is still running');
      dispatch({ type: 'dialog-open', request: req });
    },
    [state, readOnly, shell.busy],
  );
  const setScopes = useCallback((scopes: readonly string[]) => dispatch({ type: 'set-scopes', scopes }), []);
  const notify = useCallback((tone: Tone, text: string) => dispatch({ type: 'status', status: { tone, text } }), []);

  const { columns: width, rows } = useTerminalSize();
  const help = useMemo(() => {
    const titles = Object.assign({}, ...screens.map((s) => ({ [s.id]: s.title, ...s.scopeTitles })));
    return helpLines(helpSections(registry, titles, readOnly), width);
  }, [screens, registry, readOnly, width]);

  const badges = useMemo(
    () =>
      state.clusters.map((c, index) => ({
        name: c.name,
        index,
        verdict: clusterVerdict(c, state.findings),
        readOnly: c.readOnly && !readOnly,
      })),
    [state, readOnly],
  );
  const header = headerLines(badges, { readOnly, paused }, width);
  const filter = shell.filters[shell.screen] ?? '';
  const tabs = tabsLine(screens, shell.screen, shell.input === 'filter' ? '' : filter, width);
  // Header, tabs, status line, footer, and one spare row: a frame as tall as the terminal makes
  // Ink 6 clear the whole screen on every repaint (ink.js: lastOutputHeight >= stdout.rows).
  const bodyHeight = Math.max(3, rows - header.length - 4);
  const helpMaxOffset = Math.max(0, help.length - bodyHeight);
  useShellKeys({ state: shell, dispatch, registry, screens, readOnly, port, helpMaxOffset, onExit, togglePause, runAction });
  const hints = footerHints(usableKeys(registry, activeScopes(shell), readOnly), width);
  const screen = screens.find((s) => s.id === shell.screen) ?? first;
  const Screen = screen.component;
  const overlay = shell.overlay;

  return (
    <ThemeContext.Provider value={theme}>
      <LineWidthContext.Provider value={width}>
        <Box flexDirection="column" width={width}>
          <Header lines={header} tabs={tabs} />
          {overlay === 'help' ? (
            <HelpOverlay lines={help} height={bodyHeight} offset={shell.helpOffset} />
          ) : null}
          {overlay === 'dialog' && shell.dialog ? <ConfirmDialog request={shell.dialog} height={bodyHeight} /> : null}
          {/* Kept mounted under overlays so its selection and drill-down survive `?` and dialogs. */}
          <Box display={overlay === 'none' ? 'flex' : 'none'} height={bodyHeight} flexDirection="column">
            <Screen
              key={screen.id}
              state={state}
              width={width}
              height={bodyHeight}
              filter={filter}
              readOnly={readOnly}
              input={port}
              setScopes={setScopes}
              requestAction={requestAction}
              notify={notify}
              actions={props.actions}
            />
          </Box>
          <StatusLine state={shell} />
          <Footer hints={hints} />
        </Box>
      </LineWidthContext.Provider>
    </ThemeContext.Provider>
  );
}
