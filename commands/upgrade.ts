import type { Argv, CommandModule } from 'yargs';
import { contextFrom, type CommandContext } from '../src/cli/index.js';
import { UserError } from '../src/errors/index.js';
import type { LoadedRunbook } from '../src/upgrade/index.js';
import { printPlan, runbookCommand, runLoaded, runOptions } from './runbook.js';

/** `plat upgrade` works on exactly one cluster, named with --cluster. */
async function oneCluster(ctx: CommandContext) {
  const { config } = await ctx.loadConfig();
  const picked = ctx.args.cluster ? ctx.selectClusters(config) : [];
  if (picked.length !== 1) {
    throw new UserError(picked.length ? 'upgrade one cluster at a time: give exactly one --cluster' : 'say which cluster: --cluster <name>', { hint: `clusters in plat.yaml: ${config.clusters.map((c) => c.name).join(', ')}` });
  }
  return { config, cluster: picked[0]! };
}

async function runOrPlan(ctx: CommandContext, argv: Record<string, unknown>, loaded: LoadedRunbook, command: string) {
  if (argv.plan !== true) return runLoaded(ctx, argv, loaded, command);
  const { config } = await ctx.loadConfig();
  await printPlan(ctx, config, loaded);
}

async function talos(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { cluster } = await oneCluster(ctx);
  const upgrade = await import('../src/upgrade/index.js');
  const nodes = argv.nodes === undefined ? undefined : (Array.isArray(argv.nodes) ? argv.nodes : [argv.nodes]).flatMap((n) => String(n).split(',')).map((n) => n.trim()).filter(Boolean);
  const loaded = upgrade.talosUpgradeRunbook({ cluster, image: String(argv.image), ...(nodes?.length ? { nodes } : {}), ...(typeof argv.timeout === 'string' ? { timeout: argv.timeout } : {}) });
  await runOrPlan(ctx, argv, loaded, `plat upgrade talos --cluster ${cluster.name} --image ${String(argv.image)}${nodes?.length ? ` --nodes ${nodes.join(',')}` : ''}`);
}

async function k8s(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { cluster } = await oneCluster(ctx);
  const upgrade = await import('../src/upgrade/index.js');
  const loaded = upgrade.k8sUpgradeRunbook({ cluster, to: String(argv.to), ...(typeof argv.timeout === 'string' ? { timeout: argv.timeout } : {}) });
  await runOrPlan(ctx, argv, loaded, `plat upgrade k8s --cluster ${cluster.name} --to ${String(argv.to)}`);
}

const common = (y: Argv) =>
  runOptions(y)
    .option('timeout', { type: 'string', describe: 'per node (talos) or for the whole upgrade-k8s (k8s), like 30m' })
    .option('plan', { type: 'boolean', default: false, describe: 'only print what would be done and what the gates say now' });

export const upgradeCommand: CommandModule = {
  command: 'upgrade',
  describe: 'rolling upgrades with safety gates and a backup first: talos | k8s',
  builder: (y: Argv) =>
    y
      .command({
        command: 'talos',
        describe: 'upgrade Talos node by node (control planes one at a time, the etcd leader last)',
        builder: (b: Argv) =>
          common(b)
            .option('image', { type: 'string', demandOption: true, describe: 'installer image with the target version tag, e.g. ghcr.io/siderolabs/installer:v1.12.7' })
            .option('nodes', { type: 'string', array: true, describe: 'only these nodes (names from plat.yaml; repeat or comma-separate)' }),
        handler: talos,
      })
      .command({
        command: 'k8s',
        describe: 'upgrade Kubernetes with talosctl upgrade-k8s, after a passing --dry-run',
        builder: (b: Argv) => common(b).option('to', { type: 'string', demandOption: true, describe: 'target Kubernetes version, e.g. 1.35.3' }),
        handler: k8s,
      })
      .demandCommand(1, 'say which: plat upgrade talos | k8s'),
  handler: () => undefined,
};

/** Both commands of the upgrade area, registered together in commands/index.ts. */
export const upgradeCommands: CommandModule[] = [upgradeCommand, runbookCommand];
