/**
 * `plat net bonds | bgp | pools`: the network of every selected cluster in one table, the findings
 * under it, the model with -o json|yaml. Exit 3 when a finding is a warning or worse. The network
 * room and the printers load lazily (command files stay cheap to import).
 */
import type { Argv, CommandModule } from 'yargs';
import { contextFrom, type CommandContext } from '../src/cli/index.js';
import type { ClusterConfig, PlatConfig } from '../src/config/index.js';
import type { Finding } from '../src/findings/index.js';
import type { BgpView, BondsReport, NetSources, PoolsReport, Tone } from '../src/network/index.js';

type Net = typeof import('../src/network/index.js');
type View = 'bonds' | 'bgp' | 'pools';

const DESCRIBE: Record<View, string> = {
  bonds: 'bond health per node: slaves, MII, LACP partner and aggregators, MTU (talosctl get links + /proc/net/bonding)',
  bgp: 'BGP sessions from both ends side by side: Cilium (CiliumBGPNodeConfig) and the router (over SSH)',
  pools: 'LB pools (CiliumLoadBalancerIPPool) and LoadBalancer Services, overlaps across clusters',
};

export const netCommand: CommandModule = {
  command: 'net <view>',
  describe: 'bonded NICs, BGP sessions and LB pools across clusters',
  builder: (y: Argv) => {
    for (const view of ['bonds', 'bgp', 'pools'] as const) y.command({ command: view, describe: DESCRIBE[view], handler: (argv) => runView(view, argv) });
    return y.demandCommand(1, 'say which: plat net bonds | bgp | pools');
  },
  handler: () => undefined,
};

async function runView(view: View, argv: Record<string, unknown>): Promise<void> {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const clusters = ctx.selectClusters(config);
  const net = await import('../src/network/index.js');
  const sources = net.netSources(config, ctx.env);
  let findings: Finding[];
  try {
    findings = view === 'bonds' ? await bonds(ctx, net, config, clusters, sources) : view === 'bgp' ? await bgp(ctx, net, config, clusters, sources) : await pools(ctx, net, config, clusters, sources);
  } finally {
    await sources.close();
  }
  if (findings.some((f) => f.severity !== 'info')) ctx.run.exitCode = 3;
}

async function bonds(ctx: CommandContext, net: Net, config: PlatConfig, clusters: ClusterConfig[], sources: NetSources): Promise<Finding[]> {
  const { expandHome } = await import('../src/config/index.js');
  const stateDir = expandHome(config.stateDir, ctx.env);
  const report = await net.collectBonds(config, clusters, sources, { previous: await net.loadBondLooks(stateDir) });
  try {
    await net.saveBondLooks(stateDir, report.looks);
  } catch (e) {
    ctx.log(`plat: could not keep this look in ${stateDir} (${(e as NodeJS.ErrnoException).code ?? 'error'}); link-failure growth is compared only with saved looks`);
  }
  const { looks: _looks, ...model } = report;
  await print(ctx, model, report.findings, async (t) => t.table(net.bondRows(report), [
    ['cluster', (r) => r.cluster], ['node', (r) => r.node], ['bond', (r) => r.bond], ['state', (r) => t.tone(r.tone, r.state)],
    ['slaves', (r) => r.slaves], ['lacp', (r) => r.lacp], ['mtu', (r) => r.mtu],
  ]));
  return report.findings;
}

async function bgp(ctx: CommandContext, net: Net, config: PlatConfig, clusters: ClusterConfig[], sources: NetSources): Promise<Finding[]> {
  const view: BgpView = await net.collectBgp(config, clusters, sources);
  await print(ctx, view, view.findings, async (t) => {
    const table = t.table(net.bgpRows(view), [
      ['cluster', (r) => r.cluster], ['node', (r) => r.node], ['node ip', (r) => r.nodeIp], ['peer', (r) => r.peer],
      ['cilium (node → peer)', (r) => t.tone(r.ciliumTone, r.cilium)], ['router (neighbor → node)', (r) => t.tone(r.routerTone, r.router)],
    ]);
    const r = view.router;
    const routerLine = !r ? 'router: none in plat.yaml (router side not shown)' : r.error ? `router ${r.target} (${r.flavor}): ${t.tone('error', `✗ ${r.error.message}`)}` : `router ${r.target} (${r.flavor}): ${r.sessions?.length ?? 0} neighbors read`;
    const extra = view.unmatchedRouterSessions.map((s) => `router neighbor ${s.peerAddress} (AS ${s.remoteAs}) matches no node: ${s.state}`);
    return [table, routerLine, ...extra].join('\n') + '\n';
  });
  return view.findings;
}

async function pools(ctx: CommandContext, net: Net, config: PlatConfig, clusters: ClusterConfig[], sources: NetSources): Promise<Finding[]> {
  const report: PoolsReport = await net.collectPools(config, clusters, sources);
  await print(ctx, report, report.findings, async (t) => {
    const rows = net.poolRows(report);
    const poolTable = t.table(rows.pools, [['cluster', (r) => r.cluster], ['pool', (r) => r.pool], ['blocks', (r) => r.blocks], ['used', (r) => r.usage], ['state', (r) => t.tone(r.tone, r.state)]]);
    const svcTable = rows.services.length
      ? t.table(rows.services, [['cluster', (r) => r.cluster], ['service', (r) => r.service], ['ip', (r) => r.ips], ['state', (r) => t.tone(r.tone, r.state)]])
      : 'no Services of type LoadBalancer\n';
    return `${poolTable}\n${svcTable}`;
  });
  return report.findings;
}

interface Printer {
  table<T>(rows: readonly T[], cols: Array<[string, (r: T) => string]>): string;
  tone(tone: Tone, text: string): string;
}

/** Table + findings by default; the model itself with -o json|yaml|jsonl. */
async function print(ctx: CommandContext, model: BondsReport | Omit<BondsReport, 'looks'> | BgpView | PoolsReport, findings: readonly Finding[], table: (t: Printer) => Promise<string>): Promise<void> {
  const { formatData, renderTable, paint, colourEnabled } = await import('../src/cli/index.js');
  if (ctx.args.output !== 'table') {
    ctx.out(await formatData(model, ctx.args.output));
    return;
  }
  const on = ctx.args.color && colourEnabled(ctx.env);
  const t: Printer = {
    table: (rows, cols) => renderTable(rows, cols.map(([header, value]) => ({ header, value }))),
    tone: (tone, text) => paint(tone, text, on),
  };
  const { formatFinding } = await import('../src/findings/index.js');
  const st = { ok: (s: string) => paint('ok', s, on), warn: (s: string) => paint('warn', s, on), error: (s: string) => paint('error', s, on), pending: (s: string) => paint('pending', s, on), muted: (s: string) => paint('muted', s, on), bold: (s: string) => paint('bold', s, on) };
  const lines = findings.length ? ['', ...findings.flatMap((f) => formatFinding(f, st))] : ['', paint('ok', '✓ no findings', on)];
  ctx.out(`${await table(t)}${lines.join('\n')}\n`);
}
