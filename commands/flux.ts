/**
 * `plat flux get | reconcile | suspend | resume | why | tree`: Flux across every selected cluster.
 * Thin: parse flags, call src/flux (loaded lazily with the kube room's light client), print. Data
 * to stdout; action progress to stderr as plain lines, or every event to stdout with -o jsonl.
 */
import type { Argv, CommandModule } from 'yargs';
import { confirmAction, contextFrom, formatData, jsonLine, paint, renderTable, type CommandContext } from '../src/cli/index.js';
import type { ClusterConfig, PlatConfig } from '../src/config/index.js';
import { Unreachable, UserError } from '../src/errors/index.js';
import type { FluxActionEvent } from '../src/flux/index.js';

type Flux = typeof import('../src/flux/index.js');

interface Setup {
  ctx: CommandContext;
  config: PlatConfig;
  clusters: ClusterConfig[];
  flux: Flux;
  kubeFor: ReturnType<Flux['fluxKubeFor']>;
}

async function setup(argv: Record<string, unknown>): Promise<Setup> {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const clusters = ctx.selectClusters(config);
  const flux = await import('../src/flux/index.js');
  return { ctx, config, clusters, flux, kubeFor: flux.fluxKubeFor(config, ctx.env) };
}

/** -A: every namespace; -n: that one; neither: flux-system, as the flux CLI defaults. */
function namespaceOf(argv: Record<string, unknown>): string | undefined {
  if (argv['all-namespaces'] === true) return undefined;
  return typeof argv.namespace === 'string' && argv.namespace ? argv.namespace : 'flux-system';
}

/** 5m, 90s, 1m30s, 1h, 500ms (Go durations as `flux --timeout` takes them). */
function parseTimeout(v: unknown): number {
  const text = String(v ?? '5m');
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_m, n: string, u: string) => ((total += Number(n) * unit[u]!), ''));
  if (rest !== '' || total <= 0) throw new UserError(`--timeout ${JSON.stringify(text)} is not a duration`, { hint: 'write it like 30s, 5m or 1m30s' });
  return total;
}

async function get(argv: Record<string, unknown>): Promise<void> {
  const { ctx, clusters, flux, kubeFor } = await setup(argv);
  const kinds = flux.parseKinds(((argv.kinds as string[] | undefined) ?? []).map(String));
  const select = typeof argv['status-selector'] === 'string' ? flux.parseStatusSelector(argv['status-selector']) : undefined;
  const namespace = namespaceOf(argv);
  const read = await flux.readFlux({ clusters, kubeFor, kinds, ...(namespace ? { namespace } : {}) });
  const problems = flux.clusterProblemLines(read.clusters);
  if (read.clusters.every((c) => c.state === 'unreachable' || c.state === 'error')) {
    throw new Unreachable(`no cluster could be read: ${read.clusters.map((c) => `${c.cluster}: ${c.error ?? 'no answer'}`).join('; ')}`, {
      hint: 'check that the clusters are up and that the kubeconfig points at them (plat config validate)',
    });
  }
  const rows = select ? read.rows.filter(select) : read.rows;
  if (ctx.args.output === 'table') {
    const where = namespace ? `namespace ${namespace}` : 'any namespace';
    if (rows.length) ctx.out(renderTable(rows, flux.getColumns({ allNamespaces: !namespace, now: Date.now(), paint: (t, s) => paint(t, s) })));
    else ctx.log(`no Flux objects${select ? ' match the status selector' : ''} in ${where} (${read.clusters.filter((c) => c.state !== 'unreachable' && c.state !== 'error').map((c) => c.cluster).join(', ')})`);
    for (const p of problems) ctx.out(`${p}\n`);
  } else if (ctx.args.output === 'jsonl') {
    ctx.out(await formatData(rows, 'jsonl'));
    for (const p of problems) ctx.log(p);
  } else ctx.out(await formatData({ clusters: read.clusters, items: rows }, ctx.args.output));
  if (rows.some((r) => r.ready !== 'True') || read.clusters.some((c) => c.state !== 'ok')) ctx.run.exitCode = 3;
}

/** Prints each event (stderr lines, or stdout jsonl) and makes the exit code 1 when any object failed or timed out. */
async function follow(ctx: CommandContext, flux: Flux, events: AsyncIterable<FluxActionEvent>): Promise<void> {
  const asJson = ctx.args.output === 'jsonl' || ctx.args.output === 'json';
  for await (const e of events) {
    if (asJson) ctx.out(jsonLine(e));
    else ctx.log(flux.actionEventLine(e));
    if (flux.isFailure(e)) ctx.run.exitCode = 1;
  }
}

function clusterConfig(s: Setup, name: string): ClusterConfig {
  return s.clusters.find((c) => c.name === name)!;
}

type Action = 'reconcile' | 'suspend' | 'resume';

async function act(action: Action, argv: Record<string, unknown>): Promise<void> {
  const s = await setup(argv);
  const { ctx, clusters, flux, kubeFor } = s;
  const common = { timeoutMs: parseTimeout(argv.timeout), ...(argv.wait === false ? { wait: false } : {}) };
  if (argv.all === true) {
    if (action === 'reconcile') throw new UserError('--all works with suspend and resume', { hint: 'reconcile one object: plat flux reconcile <kind>/<ns>/<name>' });
    return bulk(s, action, argv, common);
  }
  const ref = flux.parseObjectRef(String(argv.ref), typeof argv.namespace === 'string' ? argv.namespace : undefined);
  const target = await flux.locateOne({ clusters, kubeFor, ref });
  const shown = flux.shortRef(ref);
  flux.checkFluxActionGate({ action, cluster: target.cluster, readOnly: ctx.isReadOnly(clusterConfig(s, target.cluster)), what: shown });
  const force = argv.force === true;
  const reset = argv.reset === true;
  if (action === 'reconcile') flux.checkReconcilable(ref.kind, target.object, { cluster: target.cluster, force, reset });
  const extra = action === 'reconcile' ? `${argv['with-source'] ? ' (its source first)' : ''}${force ? ' forcing a Helm upgrade' : ''}${reset ? ' resetting its failure count' : ''}` : '';
  await confirmAction(flux.confirmQuestion(action, target.cluster, [shown], extra), { yes: argv.yes === true });
  const base = { cluster: target.cluster, kube: target.kube, served: target.served, ...common };
  const events =
    action === 'reconcile'
      ? flux.reconcileFlux({ ...base, object: target.object, withSource: argv['with-source'] === true, force, reset })
      : flux.suspendFlux({ ...base, action, objects: [target.object] });
  await follow(ctx, flux, events);
}

/** `plat flux suspend|resume <kind> --all [-n ns|-A] --cluster X`: one cluster, every object of a kind. */
async function bulk(s: Setup, action: 'suspend' | 'resume', argv: Record<string, unknown>, common: { timeoutMs: number; wait?: boolean }): Promise<void> {
  const { ctx, clusters, flux, kubeFor } = s;
  if (clusters.length !== 1) {
    throw new UserError(`--all acts on one cluster at a time; ${clusters.length} are selected (${clusters.map((c) => c.name).join(', ')})`, { hint: `add --cluster ${clusters[0]?.name ?? '<name>'}` });
  }
  const cluster = clusters[0]!;
  const info = flux.parseKind(String(argv.ref));
  const namespace = namespaceOf(argv);
  flux.checkFluxActionGate({ action, cluster: cluster.name, readOnly: ctx.isReadOnly(cluster), what: `every ${info.kind} in ${namespace ?? 'every namespace'}` });
  const kube = await kubeFor(cluster.name);
  const found = await flux.listFluxKind(kube, info.kind, namespace);
  if (!found) throw new UserError(`cluster ${cluster.name} does not serve ${info.kind} (no Flux CRD for it)`);
  const { change, unchanged } = flux.planSuspend(action, found.list.items);
  const where = namespace ? `namespace ${namespace}` : 'all namespaces';
  if (unchanged.length) ctx.log(`${unchanged.length} ${info.plural} in ${where} already ${action === 'suspend' ? 'suspended' : 'running'}; left alone`);
  if (change.length === 0) {
    ctx.log(`nothing to ${action} in ${where} of cluster ${cluster.name}`);
    return;
  }
  const refs = change.map((o) => flux.shortRef({ kind: info.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name }));
  await confirmAction(flux.confirmQuestion(action, cluster.name, refs), { yes: argv.yes === true });
  await follow(ctx, flux, flux.suspendFlux({ action, cluster: cluster.name, kube, served: found.served, objects: change, ...common }));
}

async function explain(what: 'why' | 'tree', argv: Record<string, unknown>): Promise<void> {
  const { ctx, clusters, flux, kubeFor } = await setup(argv);
  const ref = flux.parseObjectRef(String(argv.ref), typeof argv.namespace === 'string' ? argv.namespace : undefined);
  if (what === 'tree' && ref.kind !== 'Kustomization' && ref.kind !== 'HelmRelease') throw new UserError(`tree shows a Kustomization's (or HelmRelease's) inventory; ${flux.shortRef(ref)} is a ${ref.kind}`);
  const { found, failed } = await flux.findFluxObject({ clusters, kubeFor, ref });
  for (const f of failed) ctx.log(`${f.cluster}: not checked — ${f.error}`);
  if (found.length === 0) {
    const shown = flux.shortRef(ref);
    if (failed.length) throw new Unreachable(`${shown}: no cluster could be asked (${failed.map((f) => f.cluster).join(', ')})`, { hint: 'check that the clusters are up' });
    throw new UserError(`${shown} not found in ${clusters.map((c) => c.name).join(', ')}`, { hint: `list what is there: plat flux get ${shown.split('/')[0]} -n ${ref.namespace}` });
  }
  const label = (cluster: string): string => (clusters.length > 1 ? `${cluster}: ` : '');
  const results: unknown[] = [];
  for (const t of found) {
    if (what === 'why') {
      const why = await flux.fetchWhy(t.kube, flux.fluxRow(t.cluster, ref.kind, t.object), { now: Date.now() });
      if (!why.ready) ctx.run.exitCode = 3;
      // The rows behind each link are in `plat flux get -o json`; here only the links.
      const { chain, root, ...rest } = why;
      const { row: _row, ...rootLink } = root;
      results.push({ ...rest, chain: chain.map(({ row: _r, ...l }) => l), root: rootLink });
      if (ctx.args.output === 'table') ctx.out(`${label(t.cluster)}${why.text}\n`);
    } else {
      const tree = await flux.buildInventoryTree(t.object, async (kind, ns, name) => (await flux.getFluxObject(t.kube, kind, ns, name))?.object, { compact: argv.compact === true });
      results.push({ cluster: t.cluster, tree });
      if (ctx.args.output === 'table') ctx.out(`${clusters.length > 1 ? `# ${t.cluster}\n` : ''}${flux.renderInventoryTree(tree)}`);
    }
  }
  if (ctx.args.output !== 'table') ctx.out(await formatData(results, ctx.args.output));
}

const nsOptions = (y: Argv): Argv =>
  y.option('namespace', { alias: 'n', type: 'string', describe: 'namespace (default flux-system, as the flux CLI)' }).option('all-namespaces', { alias: 'A', type: 'boolean', default: false, describe: 'every namespace' });

const actionOptions = (y: Argv, action: Action): Argv => {
  y = nsOptions(y)
    .positional('ref', { type: 'string', describe: '<kind>/<namespace>/<name> (kinds: ks, hr, gitrepo, ocirepo, helmrepo, chart, bucket); with --all: a kind' })
    .option('yes', { type: 'boolean', default: false, describe: 'do not ask (scripts)' });
  if (action !== 'reconcile') y = y.option('all', { type: 'boolean', default: false, describe: 'every object of the kind in the namespace (-A: all), on one --cluster' });
  if (action !== 'suspend') {
    y = y
      .option('timeout', { type: 'string', default: '5m', describe: 'how long to wait for the outcome' })
      .option('wait', { type: 'boolean', default: true, describe: 'wait for the outcome (--no-wait: return after the patch)' });
  }
  if (action === 'reconcile') {
    y = y
      .option('with-source', { type: 'boolean', default: false, describe: 'reconcile its source first (and wait for it)' })
      .option('force', { type: 'boolean', default: false, describe: 'HelmRelease: force a one-off install/upgrade' })
      .option('reset', { type: 'boolean', default: false, describe: 'HelmRelease: reset the failure count so a stalled release retries' });
  }
  return y;
};

export const fluxCommand: CommandModule = {
  command: 'flux <action>',
  describe: 'Flux across clusters: get | reconcile | suspend | resume | why | tree',
  builder: (y: Argv) =>
    y
      .command({
        command: 'get [kinds..]',
        describe: 'READY, SUSPENDED, REVISION and since when, across clusters (exit 3 when anything is not ready)',
        builder: (b: Argv) =>
          nsOptions(b)
            .positional('kinds', { type: 'string', array: true, describe: 'ks, hr, gitrepo, ocirepo, helmrepo, chart, bucket, receiver, alert, provider, sources (default: all)' })
            .option('status-selector', { type: 'string', describe: 'only objects with this condition status, e.g. ready=false' }),
        handler: get,
      })
      .command({ command: 'reconcile <ref>', describe: 'ask the controller to reconcile now, then wait for the outcome (fails at once on a failure)', builder: (b: Argv) => actionOptions(b, 'reconcile'), handler: (a) => act('reconcile', a) })
      .command({ command: 'suspend <ref>', describe: 'stop reconciling (spec.suspend: true)', builder: (b: Argv) => actionOptions(b, 'suspend'), handler: (a) => act('suspend', a) })
      .command({ command: 'resume <ref>', describe: 'reconcile again, and wait for the new generation to be Ready', builder: (b: Argv) => actionOptions(b, 'resume'), handler: (a) => act('resume', a) })
      .command({
        command: 'why <ref>',
        describe: 'the chain of what it waits on, down to the root cause, and what to do (exit 3 when not ready)',
        builder: (b: Argv) => nsOptions(b).positional('ref', { type: 'string', describe: '<kind>/<namespace>/<name>' }),
        handler: (a) => explain('why', a),
      })
      .command({
        command: 'tree <ref>',
        describe: "a Kustomization's inventory as a tree, child Kustomizations expanded",
        builder: (b: Argv) => nsOptions(b).positional('ref', { type: 'string', describe: 'ks/<namespace>/<name>' }).option('compact', { type: 'boolean', default: false, describe: 'only Flux objects' }),
        handler: (a) => explain('tree', a),
      })
      .demandCommand(1, 'say which: plat flux get | reconcile | suspend | resume | why | tree'),
  handler: () => undefined,
};
