/**
 * What every `plat backup …` command that works on the backup dir starts from: plat.yaml, the dir
 * (`--dir` wins over backup.dir) and the selected clusters, with the backup room loaded lazily
 * (it is outside the CLI core). Shared by commands/backup.ts and commands/backup-recovery.ts.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { contextFrom } from '../src/cli/index.js';
import { expandHome } from '../src/conventions/index.js';

export async function backupContext(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config, location } = await ctx.loadConfig();
  const dir = resolve(ctx.cwd, expandHome(typeof argv.dir === 'string' ? argv.dir : config.backup.dir, ctx.env));
  const clusters = ctx.selectClusters(config);
  const backup = await import('../src/backup/index.js');
  return { ctx, config, configPath: location.path, dir, clusters, backup };
}

export type BackupContext = Awaited<ReturnType<typeof backupContext>>;

export const dirOption = (b: Argv) => b.option('dir', { type: 'string', describe: 'backup directory (default: backup.dir in plat.yaml)' });
