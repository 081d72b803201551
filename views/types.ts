/**
 * The contract between the dashboard and the rest of plat. Views never do I/O: the caller hands
 * in a store to read FleetState from and action functions that stream progress events.
 */
import type { ComponentType } from 'react';
import type { FleetState, FluxActionRequest, FluxObjectAddress, FluxObjectDetail } from '../src/fleet/index.js';
import type { KeyBinding } from './keys.js';
import type { Tone } from './theme.js';

export interface FleetStore {
  getState(): FleetState;
  /** Called on every change; may fire many times a second. Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export type ActionEvent = { type: 'progress' | 'done' | 'error'; message: string };

export interface DashboardActions {
  reboot(cluster: string, node: string): AsyncIterable<ActionEvent>;
  shutdown(cluster: string, node: string): AsyncIterable<ActionEvent>;
  /** Flux reconcile/suspend/resume and the Flux detail's reads; without it the Flux keys say so. */
  flux?: FluxScreenActions;
}

export interface FluxScreenActions {
  run(request: FluxActionRequest): AsyncIterable<ActionEvent>;
  /** The object's revisions and Events, read when its detail opens (and again as it changes). */
  detail(object: FluxObjectAddress): Promise<FluxObjectDetail>;
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

/**
 * An action a screen brings itself (Flux reconcile, suspend, resume…). The shell treats it like a
 * node action: refused when read-only (globally or for `cluster`) or while another action runs,
 * confirmed with `question`, then `run()` is followed in the status line.
 */
export interface ScreenActionRequest {
  kind: 'screen';
  cluster: string;
  /** One word for refusals: "reconcile". */
  verb: string;
  /** Names the object and the cluster: "Reconcile ks/flux-system/apps in cluster apps?" */
  question: string;
  /** Who the status line talks about: "reconcile ks/flux-system/apps (apps)". */
  label: string;
  run(): AsyncIterable<ActionEvent>;
}

export type ShellActionRequest = ActionRequest | ScreenActionRequest;

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
  /** Ask the shell to confirm and run an action (a node action, or one the screen defines). */
  requestAction(request: ShellActionRequest): void;
  /** Put a one-line notice in the status line (e.g. why a key did nothing). */
  notify(tone: Tone, text: string): void;
  /** The actions the dashboard was given (screens with their own actions or reads use it). */
  actions: DashboardActions;
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
