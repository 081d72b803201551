/**
 * Every command, registered with yargs. Command files must stay cheap to import: their handlers
 * import src/ rooms (and heavy libraries) lazily.
 */
import type { CommandModule } from 'yargs';
import { configCommand } from './config.js';
import { statusCommand } from './status.js';
import { nodesCommand } from './nodes.js';
import { nodeCommand } from './node.js';
import { dashboardCommand } from './dashboard.js';
import { netCommand } from './net.js';

export const commandModules: CommandModule<object, any>[] = [configCommand, statusCommand, nodesCommand, nodeCommand, netCommand];
