/**
 * `plat backup drill [file]`, `plat backup restore-plan`, and the handler behind
 * `plat backup schedule --emit cronjob`. Thin: parse, call the backup room (imported lazily, like
 * every room outside the CLI core), print.
 */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { expandHome, kubeContextOf, platVersion, talosContextOf } from '../src/conventions/index.js';
import { UserError } from '../src/errors/index.js';
import { backupContext, dirOption } from './backup-context.js';

/** The one cluster a command is about: --cluster, or the only cluster in plat.yaml. */
function oneCluster<C extends { name: string }>(clusters: C[], all: C[], what: string): C {
  if (clusters.length === 1) return clusters[0]!;
  if (all.length === 1) return all[0]!;
  throw new UserError(`say which cluster ${what}: --cluster <name>`, { hint: `clusters in plat.yaml: ${all.map((c) => c.name).join(', ')}` });
}

async function drill(argv: Record<string, unknown>) {
  const { ctx, dir, clusters, backup } = await backupContext(argv);
  const tools = await backup.findDrillTools(ctx.env);
  const { realClock } = await import('../src/lab/clock.js');
  let decrypt: import('../src/backup/index.js').DecryptFile | undefined;
  if (typeof argv.identity === 'string') {
    const identities = await backup.readAgeIdentities(resolve(ctx.cwd, argv.identity));
    decrypt = (src, dest, signal) => backup.openFile(src, dest, identities, signal);
  }
  const abort = new AbortController();
  const stop = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const gen = backup.runDrill({
      dir, clusters: clusters.map((c) => c.name), cwd: ctx.cwd, tools, clock: realClock, signal: abort.signal,
      command: 'plat backup drill', ...(typeof argv.file === 'string' ? { file: argv.file } : {}), ...(decrypt ? { decrypt } : {}),
    });
    const { jsonLine, formatData, renderTable } = await import('../src/cli/index.js');
    let step = await gen.next();
    while (!step.done) {
      if (ctx.args.output === 'jsonl') ctx.out(jsonLine(step.value));
      else ctx.log(backup.drillLogLine(step.value));
      step = await gen.next();
    }
    const result = step.value;
    if (ctx.args.output === 'table') {
      for (const r of result.records) {
        ctx.out(`${r.cluster} ${r.ok ? 'ok' : 'FAILED'} ${r.file}${r.ok ? ` revision ${r.revision}, ${r.keys} keys (${r.seconds} s)` : `: ${r.problems.join('; ')}`}\n`);
        if (r.prefixes && Object.keys(r.prefixes).length) {
          const rows = Object.entries(r.prefixes).map(([prefix, keys]) => ({ prefix, keys }));
          ctx.out(renderTable(rows, [{ header: 'prefix', value: (x) => x.prefix }, { header: 'keys', value: (x) => String(x.keys), align: 'right' }]));
        }
      }
    } else if (ctx.args.output === 'jsonl') ctx.out(jsonLine({ type: 'result', ...result }));
    else ctx.out(await formatData(result, ctx.args.output));
    ctx.run.exitCode = result.exitCode;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function restorePlan(argv: Record<string, unknown>) {
  const { ctx, config, dir, clusters, backup } = await backupContext(argv);
  const c = oneCluster(clusters, config.clusters, 'to plan a restore for');
  const now = Date.now();
  const chosen = await backup.chooseRestoreBackup(dir, c.name, { cwd: ctx.cwd, ...(typeof argv.from === 'string' ? { from: argv.from } : {}) });
  const plan = backup.restorePlan({
    cluster: c.name, nodes: c.nodes, talosContext: talosContextOf(c), kubeContext: kubeContextOf(c), backup: chosen, now,
    ...(config.talosconfig ? { talosconfig: resolve(ctx.cwd, expandHome(config.talosconfig, ctx.env)) } : {}),
    ...(typeof argv.node === 'string' ? { recoveryNode: argv.node } : {}),
  });
  if (ctx.args.output === 'table') ctx.out(backup.restorePlanText(plan, now));
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(plan, ctx.args.output));
  }
}

/** `plat backup schedule --emit cronjob` (the lead's schedule command hands over to this). */
export async function emitCronJob(argv: Record<string, unknown>): Promise<void> {
  const { ctx, config, configPath, clusters, backup } = await backupContext(argv);
  const c = oneCluster(clusters, config.clusters, 'the CronJob runs in (it backs up that cluster; Talos grants its API only to pods of its own cluster)');
  if (typeof argv.image !== 'string' || !argv.image) throw new UserError('say which image runs plat in the cluster: --image <registry/plat:tag>', { hint: 'the image needs plat (node 20+) and talosctl' });
  const opts = {
    cluster: c.name, image: argv.image, platVersion: platVersion(),
    namespace: String(argv.namespace ?? 'plat-backup'), name: String(argv.name ?? 'plat-backup'),
    ...(typeof argv.claim === 'string' ? { claim: argv.claim } : {}),
  };
  const bundle = backup.cronJobBundle(config, opts);
  const problems = backup.cronJobProblems(bundle.docs, bundle.sftp.map((s) => s.secret));
  if (problems.length) throw new UserError(`the CronJob would be refused: ${problems.join('; ')}`, { hint: 'check --name, --namespace and plat.yaml' });
  for (const w of bundle.warnings) ctx.log(`warning: ${w}`);
  if (ctx.args.output === 'json') ctx.out(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: bundle.docs }, null, 2)}\n`);
  else ctx.out(backup.cronJobYaml(bundle, opts, { kubeContext: kubeContextOf(c), configPath, localPath: (p) => resolve(ctx.cwd, expandHome(p, ctx.env)) }));
}

/** The options `schedule --emit cronjob` takes, for the schedule command's builder. */
export function cronJobScheduleOptions(b: Argv): Argv {
  return b
    .option('image', { type: 'string', describe: 'with --emit cronjob: the container image that has plat and talosctl' })
    .option('namespace', { type: 'string', default: 'plat-backup', describe: 'with --emit cronjob: namespace (Talos must allow it: kubernetesTalosAPIAccess)' })
    .option('name', { type: 'string', default: 'plat-backup', describe: 'with --emit cronjob: name of the CronJob and its objects' })
    .option('claim', { type: 'string', describe: 'with --emit cronjob: a PersistentVolumeClaim for local copies (default: an emptyDir)' });
}

export const backupRecoveryCommands: CommandModule[] = [
  {
    command: 'drill [file]',
    describe: 'restore the newest good backup (or a file) into a throwaway local etcd and check it; needs etcd and etcdutl/etcdctl',
    builder: (b: Argv) =>
      dirOption(b)
        .positional('file', { type: 'string', describe: 'a backup file (default: the newest good backup of each cluster)' })
        .option('identity', { type: 'string', describe: 'age identity file, to drill encrypted (.age) backups' }),
    handler: drill,
  },
  {
    command: 'restore-plan',
    describe: 'the numbered Talos disaster-recovery steps for one cluster, with the backup to use (executes nothing)',
    builder: (b: Argv) =>
      dirOption(b)
        .option('from', { type: 'string', describe: 'this snapshot file instead of the newest good backup' })
        .option('node', { type: 'string', describe: 'control-plane node to recover on (default: the first in plat.yaml)' }),
    handler: restorePlan,
  },
];
