import type { Argv, CommandModule } from 'yargs';
import { contextFrom, confirmAction, formatData, jsonLine, renderTable, type CommandContext } from '../src/cli/index.js';

async function target(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const fleet = await import('../src/fleet/index.js');
  const { cluster, node } = fleet.findNode(config, String(argv.name), ctx.selectClusters(config));
  const talos = fleet.platformSources(config, ctx.env).talosClient(cluster);
  return { ctx, config, cluster, node, talos, fleet };
}

function printEvent(ctx: CommandContext, e: { type: string; message: string; at: string }) {
  if (ctx.args.output === 'jsonl' || ctx.args.output === 'json') ctx.out(jsonLine(e));
  else ctx.log(`${e.at.slice(11, 19)} ${e.type === 'error' ? 'error: ' : ''}${e.message}`);
}

async function nodeAction(kind: 'reboot' | 'shutdown', argv: Record<string, unknown>) {
  const { ctx, config, cluster, node, talos, fleet } = await target(argv);
  await fleet.checkNodeActionGates({ kind, cluster, node, readOnly: ctx.isReadOnly(cluster), talos });
  await confirmAction(`${kind === 'reboot' ? 'Reboot' : 'Shut down'} node ${node.name} (${node.ip}, ${node.role}) in cluster ${cluster.name}?`, { yes: argv.yes === true });
  const { realClock } = await import('../src/lab/clock.js');
  const sources = fleet.platformSources(config, ctx.env);
  let failed = false;
  for await (const e of fleet.runNodeAction({ kind, cluster, node, talos, kube: () => sources.kubeCluster(cluster), wait: argv.wait === true, clock: realClock })) {
    printEvent(ctx, e);
    if (e.type === 'error') failed = true;
  }
  if (failed) ctx.run.exitCode = 1;
}

async function services(argv: Record<string, unknown>) {
  const { ctx, node, talos } = await target(argv);
  const res = await talos.services([node.ip]);
  const err = res.errors[node.ip];
  if (err) {
    const { Unreachable } = await import('../src/errors/index.js');
    throw new Unreachable(`${node.name} (${node.ip}) does not answer the Talos API: ${err}`, { hint: `check its power and network; talosctl -n ${node.ip} version` });
  }
  const rows = res.byNode[node.ip] ?? [];
  if (ctx.args.output === 'table') {
    ctx.out(renderTable(rows, [
      { header: 'service', value: (r) => r.id },
      { header: 'state', value: (r) => r.state },
      { header: 'health', value: (r) => r.health },
      { header: 'last change', value: (r) => r.lastChange },
      { header: 'last event', value: (r) => r.lastEvent },
    ]));
  } else ctx.out(await formatData(rows, ctx.args.output));
  if (rows.some((r) => r.state !== 'Running' || r.health === 'Fail')) ctx.run.exitCode = 3;
}

async function health(argv: Record<string, unknown>) {
  const { ctx, node, talos } = await target(argv);
  for await (const l of talos.health(node.ip)) ctx.out(`${l.message}\n`);
}

async function logs(argv: Record<string, unknown>) {
  if (!argv.service) {
    const { UserError } = await import('../src/errors/index.js');
    throw new UserError('say which service: plat node <name> logs <service>', { hint: 'plat node <name> services lists them' });
  }
  const { ctx, node, talos } = await target(argv);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    const opts = { follow: argv.follow === true, signal: abort.signal, ...(argv.tail !== undefined ? { tail: Number(argv.tail) } : {}) };
    for await (const line of talos.logs(node.ip, String(argv.service), opts)) ctx.out(`${line}\n`);
  } finally {
    process.off('SIGINT', stop);
  }
}

// yargs matches nested commands on the word right after `node`, but operators type the node first
// (`plat node infra-01 reboot`), so the action is a positional dispatched here.
export const nodeCommand: CommandModule = {
  command: 'node <name> <action> [service]',
  describe: 'one node: services | health | logs <service> [-f] [--tail N] | reboot | shutdown [--wait]',
  builder: (y: Argv) =>
    y
      .positional('name', { type: 'string', describe: 'node name (or IP) from plat.yaml' })
      .positional('action', { choices: ['services', 'health', 'logs', 'reboot', 'shutdown'] as const, describe: 'what to do' })
      .positional('service', { type: 'string', describe: 'with logs: the Talos service (kubelet, etcd, apid…)' })
      .option('follow', { alias: 'f', type: 'boolean', default: false, describe: 'logs: keep following' })
      .option('tail', { type: 'number', describe: 'logs: only the last N lines' })
      .option('yes', { type: 'boolean', default: false, describe: 'reboot/shutdown: do not ask (scripts)' })
      .option('wait', { type: 'boolean', default: false, describe: 'reboot: follow the node until it is back Ready' }),
  handler: async (argv) => {
    switch (argv.action) {
      case 'services':
        return services(argv);
      case 'health':
        return health(argv);
      case 'logs':
        return logs(argv);
      case 'reboot':
      case 'shutdown':
        return nodeAction(argv.action, argv);
    }
  },
};
