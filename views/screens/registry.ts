/**
 * The screens of the dashboard. Adding one is one file exporting a ScreenDef ({id, title, number
 * key, scopes, keys, component}) and one line here; `:id`, its number key, the tabs and the help
 * follow from the entry.
 */
import type { ScreenDef } from '../types.js';
import { nodesScreen } from './nodes/NodesScreen.js';
import { overviewScreen } from './overview/OverviewScreen.js';
import { networkScreen } from './network/NetworkScreen.js';
import { etcdScreen } from './etcd/EtcdScreen.js';
import { fluxScreen } from './flux/FluxScreen.js';
import { runbooksScreen } from './runbooks/RunbooksScreen.js';

export const DEFAULT_SCREENS: readonly ScreenDef[] = [overviewScreen, nodesScreen, networkScreen, etcdScreen, fluxScreen, runbooksScreen];
