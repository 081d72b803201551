import type { Argv, CommandModule } from 'yargs';
import { contextFrom, type CommandContext } from '../src/cli/index.js';
import type { ClusterConfig, PlatConfig } from '../src/config/index.js';
import type { EtcdLook } from '../src/etcd/index.js';
import { compareText } from '../src/conventions/index.js';

/** One look per selected cluster (in parallel), with the newest backup's revision attached. */
async function look(ctx: CommandContext): Promise<{ config: PlatConfig; clusters: ClusterConfig[]; looks: EtcdLook[] }> {
  const { config } = await ctx.loadConfig();
  const clusters = ctx.selectClusters(config);
  const etcd = await import('../src/etcd/index.js');
  const { TalosClient } = await import('../src/talos/index.js');
  const { expandHome } = await import('../src/config/index.js');
  const { readCatalog } = await import('../src/backup/index.js');
  const catalog = await readCatalog(expandHome(config.backup.dir, ctx.env)).catch(() => ({ entries: [] }));
  const looks = await Promise.all(
    clusters.map(async (c) => {
      const l = await etcd.observeEtcd(new TalosClient(etcd.talosOptionsFor(config, c, ctx.env)), c, { now: () => Date.now() });
      const newest = catalog.entries.filter((e) => e.cluster === c.name && e.revision !== undefined).sort((a, b) => compareText(b.takenAt, a.takenAt))[0];
      if (newest?.revision !== undefined) l.revision = newest.revision;
      return l;
    }),
  );
  return { config, clusters, looks };
}

async function status(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config, looks } = await look(ctx);
  const etcd = await import('../src/etcd/index.js');
  const { expandHome } = await import('../src/config/index.js');
  const stateDir = expandHome(config.stateDir, ctx.env);
  const previous = await etcd.loadPreviousLooks(stateDir);
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  const findings = looks.flatMap((l) => etcd.etcdFindings(l, previous[l.cluster], { quotaBytes: config.backup.etcdQuotaBytes })).sort((a, b) => rank[a.severity] - rank[b.severity]);
  await etcd.saveLooks(stateDir, looks);
  if (ctx.args.output === 'table') {
    const { renderTable } = await import('../src/cli/index.js');
    const rows = etcd.statusRows(looks);
    ctx.out(renderTable(rows, etcd.statusColumns(rows)));
    for (const l of looks) for (const w of l.warnings) ctx.log(`${l.cluster}: ${w}`);
    for (const f of findings) ctx.out(`${f.severity === 'critical' ? '✗' : f.severity === 'warning' ? '!' : 'i'} ${f.cluster}/${f.subject}: ${f.what} — ${f.why}; ${f.action}\n`);
  } else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData({ clusters: looks, findings }, ctx.args.output));
  }
  if (findings.some((f) => f.severity !== 'info')) ctx.run.exitCode = 3;
}

async function members(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { looks } = await look(ctx);
  const etcd = await import('../src/etcd/index.js');
  const { renderTable, formatData } = await import('../src/cli/index.js');
  for (const l of looks) if (l.error) ctx.log(`${l.cluster}: ${l.error}`);
  const rows = etcd.memberRows(looks);
  ctx.out(ctx.args.output === 'table' ? renderTable(rows, etcd.memberColumns) : await formatData(rows, ctx.args.output));
  if (looks.some((l) => l.error || l.memberListDisagree.length)) ctx.run.exitCode = 3;
}

async function alarms(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { looks } = await look(ctx);
  const etcd = await import('../src/etcd/index.js');
  const { renderTable, formatData } = await import('../src/cli/index.js');
  const rows = etcd.alarmRows(looks);
  for (const l of looks) if (l.error) ctx.log(`${l.cluster}: ${l.error}`);
  if (ctx.args.output !== 'table') ctx.out(await formatData(rows, ctx.args.output));
  else if (rows.length) ctx.out(renderTable(rows, etcd.alarmColumns));
  else ctx.log(`no etcd alarms in ${looks.map((l) => l.cluster).join(', ')}`);
  if (rows.length || looks.some((l) => l.error)) ctx.run.exitCode = 3;
}

async function defrag(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const { GateRefused, UserError } = await import('../src/errors/index.js');
  const nodes = ([] as unknown[]).concat(argv.node ?? []).map(String).flatMap((n) => n.split(',')).filter(Boolean);
  if (!nodes.length && argv.all !== true) throw new UserError('say which members: --node <name> (repeatable) or --all', { hint: 'plat etcd status shows the members and their in-use ratio' });
  const selected = ctx.selectClusters(config);
  const owning = selected.filter((c) => (nodes.length ? c.nodes.some((n) => nodes.includes(n.name) || nodes.includes(n.ip)) : true));
  if (owning.length !== 1) {
    throw new UserError(owning.length ? `defrag works on one cluster at a time; the nodes given are in ${owning.map((c) => c.name).join(', ')}` : `no cluster has node ${nodes.join(', ')}`, { hint: 'name one cluster with --cluster' });
  }
  const cluster = owning[0]!;
  if (ctx.isReadOnly(cluster)) throw new GateRefused(`${cluster.name} is read-only (--readonly, or readOnly: true in plat.yaml); etcd defrag changes a member`, { hint: 'nothing was changed' });
  const etcd = await import('../src/etcd/index.js');
  const { TalosClient } = await import('../src/talos/index.js');
  const { confirmAction, jsonLine } = await import('../src/cli/index.js');
  const opts = etcd.talosOptionsFor(config, cluster, ctx.env);
  const client = new TalosClient(opts);
  const observe = () => etcd.observeEtcd(client, cluster, { now: () => Date.now() });
  const steps = etcd.planDefrag(await observe(), nodes);
  const order = steps.map((s) => `${s.member.nodeName} (${s.member.node}${s.isLeader ? ', leader' : ''})`).join(', then ');
  await confirmAction(`Defragment etcd on ${order} in cluster ${cluster.name} (each member blocks reads and writes while it rewrites its database)?`, { yes: argv.yes === true });
  for await (const e of etcd.runDefrag({ cluster: cluster.name, steps, observe, defrag: etcd.talosDefrag(opts) })) {
    if (ctx.args.output === 'jsonl' || ctx.args.output === 'json') ctx.out(jsonLine({ at: new Date().toISOString(), ...e }));
    else if (e.type === 'defrag-start') ctx.log(`${new Date().toISOString().slice(11, 19)} ${e.cluster}: defragmenting ${e.nodeName}${e.isLeader ? ' (leader)' : ''}…`);
    else ctx.log(`${new Date().toISOString().slice(11, 19)} ${e.cluster}: ${e.nodeName} done, DB ${etcd.humanBytes(e.dbSizeBefore ?? 0)} → ${e.dbSizeAfter !== undefined ? etcd.humanBytes(e.dbSizeAfter) : '?'}`);
  }
}

export const etcdCommand: CommandModule = {
  command: 'etcd <action>',
  describe: 'etcd of every cluster: status | members | alarms | defrag',
  builder: (y: Argv) =>
    y
      .command({ command: 'status', describe: 'members, leader, sizes, raft indexes and findings (exit 3 when unhealthy)', handler: status })
      .command({ command: 'members', describe: 'the member list as etcd reports it', handler: members })
      .command({ command: 'alarms', describe: 'active etcd alarms (NOSPACE, CORRUPT); exit 3 when any', handler: alarms })
      .command({
        command: 'defrag',
        describe: 'defragment members one at a time, followers first, the leader last (asks first)',
        builder: (b: Argv) =>
          b
            .option('node', { type: 'string', array: true, describe: 'member to defragment, by node name or IP (repeatable)' })
            .option('all', { type: 'boolean', default: false, describe: 'every member of the cluster (with --cluster)' })
            .option('yes', { type: 'boolean', default: false, describe: 'do not ask (scripts)' }),
        handler: defrag,
      })
      .demandCommand(1, 'say which: plat etcd status | members | alarms | defrag'),
  handler: () => undefined,
};
