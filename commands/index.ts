/**
 * Every command, registered with yargs. Command files must stay cheap to import: their handlers
 * import src/ rooms (and heavy libraries) lazily.
 */
import type { CommandModule } from 'yargs';
import { configCommand } from './config.js';

export const commandModules: CommandModule<object, any>[] = [configCommand];
