/**
 * Every command, registered with yargs. Command files must stay cheap to import: their handlers
 * import src/ rooms (and heavy libraries) lazily (scripts/bundle/build.mjs enforces it).
 */
import type { CommandModule } from 'yargs';
import { dashboardCommand } from './dashboard.js';
import { statusCommand } from './status.js';
import { nodesCommand } from './nodes.js';
import { nodeCommand } from './node.js';
import { netCommand } from './net.js';
import { etcdCommand } from './etcd.js';
import { backupCommand } from './backup.js';
import { configCommand } from './config.js';
import { demoCommand } from './demo.js';
import { labCommand } from './lab.js';
import { upgradeCommands } from './upgrade.js';
import { fluxCommand } from './flux.js';

export const commandModules: CommandModule<object, any>[] = [
  dashboardCommand,
  statusCommand,
  nodesCommand,
  nodeCommand,
  netCommand,
  etcdCommand,
  backupCommand,
  configCommand,
  demoCommand,
  labCommand,
  ...upgradeCommands,
  fluxCommand,
];
