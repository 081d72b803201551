import type { Argv, CommandModule } from 'yargs';
import { contextFrom } from '../src/cli/index.js';

export const configCommand: CommandModule = {
  command: 'config <action>',
  describe: 'create, check and show plat.yaml',
  builder: (y: Argv) =>
    y
      .command({
        command: 'init',
        describe: 'write a commented plat.yaml with the defaults of the platform (refuses to overwrite)',
        builder: (b: Argv) =>
          b
            .option('path', { type: 'string', describe: 'where to write (default: --config, $PLAT_CONFIG, or ~/.config/plat/plat.yaml)' })
            .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing file' }),
        handler: async (argv) => {
          const ctx = contextFrom(argv);
          const { initConfig } = await import('../src/config/init.js');
          const path = await initConfig({ path: argv.path as string | undefined, force: argv.force === true, flag: ctx.args.config, env: ctx.env, cwd: ctx.cwd });
          ctx.log(`wrote ${path}`);
          ctx.log(`next: edit it for your platform, then run: plat config validate${argv.path ? ` --config ${path}` : ''}`);
        },
      })
      .command({
        command: 'validate',
        describe: 'check plat.yaml and report every problem with file:line:col',
        handler: async (argv) => {
          const ctx = contextFrom(argv);
          const { config, location } = await ctx.loadConfig();
          const { displayPath } = await import('../src/config/locate.js');
          const where = displayPath(location.path, ctx.cwd);
          if (ctx.args.output === 'table') {
            const nodes = config.clusters.map((c) => `${c.name}: ${c.nodes.length} node${c.nodes.length === 1 ? '' : 's'}`).join(', ');
            const router = config.router ? `, router ${config.router.host} (${config.router.flavor})` : ', no router';
            const dests = config.backup.destinations.length;
            ctx.out(`${where}: valid — ${config.clusters.length} cluster${config.clusters.length === 1 ? '' : 's'} (${nodes})${router}, ${dests} backup destination${dests === 1 ? '' : 's'}\n`);
          } else {
            const { formatData } = await import('../src/cli/output.js');
            ctx.out(await formatData({ valid: true, path: location.path, clusters: config.clusters.map((c) => c.name) }, ctx.args.output));
          }
        },
      })
      .command({
        command: 'show',
        describe: 'print the effective configuration (defaults filled in, secrets redacted)',
        handler: async (argv) => {
          const ctx = contextFrom(argv);
          const { config } = await ctx.loadConfig();
          const { redactConfig } = await import('../src/config/index.js');
          const { formatData } = await import('../src/cli/output.js');
          const fmt = ctx.args.output === 'table' ? 'yaml' : ctx.args.output;
          ctx.out(await formatData(redactConfig(config), fmt));
        },
      })
      .demandCommand(1, 'say which: plat config init | validate | show'),
  handler: () => undefined,
};
