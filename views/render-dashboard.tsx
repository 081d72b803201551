import { render, type Instance } from 'ink';
import { Dashboard } from './Dashboard.js';
import { resolveTheme } from './theme.js';
import type { DashboardProps } from './types.js';

export interface RenderDashboardOptions extends DashboardProps {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Decides the no-colour theme when `noColor` is not given (NO_COLOR, FORCE_COLOR=0). */
  env?: NodeJS.ProcessEnv;
  /** Ink's own repaint cap; keypresses repaint on the leading edge, so scrolling stays immediate. */
  maxFps?: number;
}

/**
 * Mount the dashboard. Returns Ink's instance: the caller unmounts it from `onExit` and awaits
 * `waitUntilExit()` before restoring the terminal. Ctrl-C is handled by the dashboard (onExit),
 * not by Ink, and console is not patched (nothing in the TUI may write to the console).
 */
export function renderDashboard(opts: RenderDashboardOptions): Instance {
  const { stdout, stdin, stderr, env, maxFps, ...props } = opts;
  const noColor = props.noColor ?? resolveTheme(env ?? process.env).noColor;
  return render(<Dashboard {...props} noColor={noColor} />, {
    stdout: stdout ?? process.stdout,
    stdin: stdin ?? process.stdin,
    stderr: stderr ?? process.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
    // Store updates are throttled by the Dashboard itself (repaintIntervalMs); Ink's own limit only
    // has to let a keypress through within a frame (≤ 16 ms).
    maxFps: maxFps ?? 60,
  });
}
