/**
 * The dashboard's door. Commands import Ink, React and this module lazily (only `plat` and
 * `plat dashboard` need them), hand in a FleetStore and the node actions, and unmount on onExit.
 */
export { renderDashboard, type RenderDashboardOptions } from './render-dashboard.js';
export { Dashboard } from './Dashboard.js';
export type {
  ActionEvent,
  ActionRequest,
  DashboardActions,
  DashboardProps,
  FleetStore,
  RepaintClock,
  ScreenDef,
  ScreenProps,
} from './types.js';
export type { KeyBinding } from './keys.js';
export { DEFAULT_SCREENS } from './screens/registry.js';
export { resolveTheme, type Theme } from './theme.js';
