import type { CommandModule } from 'yargs';
import { contextFrom, cliStyler, formatData } from '../src/cli/index.js';

export const statusCommand: CommandModule = {
  command: 'status',
  describe: 'per cluster a verdict, then the findings worst first (exit 0 healthy, 3 findings, 1 could not look)',
  handler: async (argv) => {
    const ctx = contextFrom(argv);
    const { config } = await ctx.loadConfig();
    const clusters = ctx.selectClusters(config);
    const fleet = await import('../src/fleet/index.js');
    const state = await fleet.lookAtFleet({ config, clusters, env: ctx.env, isReadOnly: (c) => ctx.isReadOnly(c), panels: true });
    if (ctx.args.output === 'table') ctx.out(fleet.formatStatus(state, cliStyler));
    else {
      const model = {
        at: new Date(state.at).toISOString(),
        clusters: state.clusters.map((c) => ({ name: c.name, verdict: fleet.clusterVerdict(c, state.findings), talos: c.talos, kube: c.kube })),
        findings: state.findings,
      };
      ctx.out(await formatData(ctx.args.output === 'jsonl' ? [...model.clusters, ...model.findings] : model, ctx.args.output));
    }
    ctx.run.exitCode = fleet.statusExitCode(state);
  },
};
