/**
 * The two screens the shell tests are written against. Tests of the shell (tabs, keys, filter)
 * pass this list so they do not change each time a later issue adds a screen to DEFAULT_SCREENS.
 */
import type { ScreenDef } from '../types.js';
import { nodesScreen } from '../screens/nodes/NodesScreen.js';
import { overviewScreen } from '../screens/overview/OverviewScreen.js';

export const SHELL_SCREENS: readonly ScreenDef[] = [overviewScreen, nodesScreen];
