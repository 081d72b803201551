import type { CommandModule } from 'yargs';
import { contextFrom, formatData, renderTable, type Column } from '../src/cli/index.js';
import type { NodeRow } from '../src/fleet/report.js';

const columns: Column<NodeRow>[] = [
  { header: 'cluster', value: (r) => r.cluster },
  { header: 'name', value: (r) => r.name },
  { header: 'ip', value: (r) => r.ip },
  { header: 'role', value: (r) => r.role },
  { header: 'talos', value: (r) => r.talos },
  { header: 'kubernetes', value: (r) => r.kubernetes },
  { header: 'ready', value: (r) => r.ready },
  { header: 'uptime', value: (r) => r.uptime },
  { header: 'unhealthy services', value: (r) => r.unhealthy || '-' },
  { header: 'stage', value: (r) => r.stage },
];

export const nodesCommand: CommandModule = {
  command: 'nodes',
  describe: 'one row per node across clusters (-o json|yaml: the full model)',
  handler: async (argv) => {
    const ctx = contextFrom(argv);
    const { config } = await ctx.loadConfig();
    const clusters = ctx.selectClusters(config);
    const fleet = await import('../src/fleet/index.js');
    const state = await fleet.lookAtFleet({ config, clusters, env: ctx.env, isReadOnly: (c) => ctx.isReadOnly(c) });
    if (ctx.args.output === 'table') {
      ctx.out(renderTable(fleet.nodeRows(state), columns));
      for (const c of state.clusters) {
        if (c.kube.state === 'error') ctx.log(`${c.name}: Kubernetes API unreachable: ${c.kube.reason}`);
        if (c.talos.state === 'error') ctx.log(`${c.name}: Talos API failing: ${c.talos.reason}`);
      }
    } else {
      const nodes = state.clusters.flatMap((c) => c.nodes);
      ctx.out(await formatData(ctx.args.output === 'jsonl' ? nodes : { clusters: state.clusters }, ctx.args.output));
    }
    if (state.clusters.every((c) => c.kube.state === 'error' && c.talos.state === 'error')) ctx.run.exitCode = 1;
  },
};
