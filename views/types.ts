/**
 * The contract between the dashboard and the rest of plat. Views never do I/O: the caller hands
 * in a store to read FleetState from and action functions that stream progress events.
 */
import type { ComponentType } from 'react';
import type { FleetState } from '../src/fleet/index.js';
import type { KeyBinding } from './keys.js';

export interface FleetStore {
  getState(): FleetState;
  /** Called on every change; may fire many times a second. Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export type ActionEvent = { type: 'progress' | 'done' | 'error'; message: string };

export interface DashboardActions {
  reboot(cluster: string, node: string): AsyncIterable<ActionEvent>;
  shutdown(cluster: string, node: string): AsyncIterable<ActionEvent>;
}

/** Timers for the repaint throttle; structurally the `Clock` of src/lab/clock.ts. */
export interface RepaintClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DashboardProps {
  store: FleetStore;
  actions: DashboardActions;
  /** Global --readonly: dangerous keys disappear everywhere. */
  readOnly: boolean;
  /** Called on q / Ctrl-C / :quit. The caller unmounts Ink and restores the terminal. */
  onExit(): void;
  screens?: readonly ScreenDef[];
  initialScreen?: string;
  /** Defaults to the real clock. Tests pass a ManualClock. */
  clock?: RepaintClock;
  /** Minimum time between two repaints caused by store updates (default 125 ms, ≤ 8/s). */
  repaintIntervalMs?: number;
  /** Force the no-colour theme; by default decided from NO_COLOR / FORCE_COLOR=0. */
  noColor?: boolean;
}

export type NodeActionKind = 'reboot' | 'shutdown';

export interface ActionRequest {
  kind: NodeActionKind;
  cluster: string;
  node: string;
}

/** A screen receives a command id resolved from the key registry (e.g. `list.down`). */
export type ScreenCommandHandler = (commandId: string) => void;

/** Where the active screen puts its command handler; the shell's one input hook calls it. */
export interface ScreenInputPort {
  current: ScreenCommandHandler | undefined;
}

export interface ScreenProps {
  state: FleetState;
  width: number;
  height: number;
  /** The filter text typed after `/` for this screen ('' when none; leading `!` inverts). */
  filter: string;
  readOnly: boolean;
  input: ScreenInputPort;
  /** Key scopes active now (e.g. ['nodes', 'list', 'sortable', 'filterable']); set on drill-down. */
  setScopes(scopes: readonly string[]): void;
  /** Ask the shell to confirm and run a node action. */
  requestAction(request: ActionRequest): void;
}

export interface ScreenDef {
  id: string;
  title: string;
  /** Number key '1'–'9' that switches to it. */
  key?: string;
  aliases?: readonly string[];
  /** Key scopes active when the screen opens. */
  scopes: readonly string[];
  /** Screen-specific key bindings, merged into the registry. */
  keys?: readonly KeyBinding[];
  /** Help section titles for the screen's own scopes other than its id (e.g. a drill-down). */
  scopeTitles?: Readonly<Record<string, string>>;
  component: ComponentType<ScreenProps>;
}
