import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { contextFrom } from '../src/cli/index.js';
import { expandHome, platVersion } from '../src/conventions/index.js';
import { backupContext, dirOption, type BackupContext } from './backup-context.js';
import { backupRecoveryCommands, cronJobScheduleOptions, emitCronJob } from './backup-recovery.js';

/** Open the destination `--dest <name>` names, run `use`, close it. */
async function withDestination<T>(s: BackupContext, name: string, use: (store: import('../src/backup/index.js').DestinationStore) => Promise<T>): Promise<T> {
  const d = s.config.backup.destinations.find((x) => x.name === name);
  if (!d) {
    const { UserError } = await import('../src/errors/index.js');
    const known = s.config.backup.destinations.map((x) => x.name);
    throw new UserError(`no destination "${name}" in ${s.configPath}`, { hint: known.length ? `destinations: ${known.join(', ')}` : 'add one under backup.destinations' });
  }
  const { realClock } = await import('../src/lab/clock.js');
  const store = await s.backup.openDestination(d, { env: s.ctx.env, cwd: s.ctx.cwd, clock: realClock });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** `90s`, `10m`, `1h`, or plain milliseconds. */
async function millis(value: unknown, flag: string): Promise<number> {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(String(value));
  if (!m) {
    const { UserError } = await import('../src/errors/index.js');
    throw new UserError(`--${flag} ${JSON.stringify(value)} is not a duration (like 90s, 10m)`);
  }
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2] ?? 'ms']!;
}

function onSignals(abort: AbortController): () => void {
  const stop = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

async function run(argv: Record<string, unknown>) {
  const { ctx, config, dir, clusters, backup } = await backupContext(argv);
  const { TalosClient } = await import('../src/talos/index.js');
  const { talosOptionsFor } = await import('../src/etcd/index.js');
  const { realClock } = await import('../src/lab/clock.js');
  const abort = new AbortController();
  const off = onSignals(abort);
  try {
    const gen = backup.runBackup({
      dir, clusters, compression: config.backup.compression, retention: config.backup.retention, schedule: config.backup.schedule, timezone: config.backup.timezone,
      talosFor: (c) => new TalosClient(talosOptionsFor(config, c, ctx.env)),
      clock: realClock,
      limits: { timeoutMs: await millis(argv.timeout, 'timeout'), stallMs: await millis(argv.stall, 'stall'), pollMs: 500 },
      retryDelayMs: await millis(argv['retry-delay'], 'retry-delay'),
      platVersion: platVersion(), command: `plat backup run${clusters.length < config.clusters.length ? ` --cluster ${clusters.map((c) => c.name).join(',')}` : ''}`,
      signal: abort.signal,
      ...(config.backup.encryption ? { recipients: config.backup.encryption.recipients } : {}),
      destinations: argv.ship === false ? [] : config.backup.destinations,
      openDestination: (d) => backup.openDestination(d, { env: ctx.env, cwd: ctx.cwd, clock: realClock }),
    });
    const { jsonLine, formatData } = await import('../src/cli/index.js');
    let step = await gen.next();
    let lastProgress = 0;
    while (!step.done) {
      const e = step.value;
      if (ctx.args.output === 'jsonl') ctx.out(jsonLine(e));
      // cron logs: a progress line every 10 s is plenty
      else if ((e.type !== 'snapshot-progress' && e.type !== 'ship-progress') || Date.parse(e.at) - lastProgress >= 10_000) {
        if (e.type === 'snapshot-progress' || e.type === 'ship-progress') lastProgress = Date.parse(e.at);
        ctx.log(backup.runEventLine(e));
      }
      step = await gen.next();
    }
    const result = step.value;
    if (ctx.args.output === 'table') ctx.out(backup.summaryLine(result) + backup.destinationSummary(result.destinations));
    else if (ctx.args.output === 'jsonl') ctx.out(jsonLine({ type: 'result', ...result }));
    else ctx.out(await formatData(result, ctx.args.output));
    ctx.run.exitCode = result.exitCode;
  } finally {
    off();
  }
}

async function list(argv: Record<string, unknown>) {
  const s = await backupContext(argv);
  if (typeof argv.dest === 'string') return listDest(s, argv.dest);
  const { ctx, dir, clusters, backup } = s;
  const inv = await backup.listBackups(dir, clusters.map((c) => c.name));
  for (const p of inv.catalogProblems) ctx.log(`${dir}/catalog.jsonl:${p.line}: ${p.message} (line ignored)`);
  if (inv.leftovers.length) ctx.log(`${inv.leftovers.length} work file(s) of an interrupted run; the next backup run removes them`);
  if (ctx.args.output === 'table') {
    const { renderTable } = await import('../src/cli/index.js');
    if (inv.rows.length) ctx.out(renderTable(inv.rows, backup.inventoryColumns(Date.now())));
    else ctx.log(`no backups in ${dir}`);
  } else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData({ dir, backups: inv.rows.map(({ entry: _e, ...r }) => r), catalogProblems: inv.catalogProblems, leftovers: inv.leftovers }, ctx.args.output));
  }
  if (inv.rows.some((r) => r.state === 'missing' || r.state === 'corrupt')) ctx.run.exitCode = 3;
}

async function listDest(s: BackupContext, name: string) {
  const { ctx, clusters, backup } = s;
  const inv = await withDestination(s, name, (store) => backup.listDestination(store, clusters.map((c) => c.name)));
  for (const p of inv.catalogProblems) ctx.log(`${inv.where}/catalog.jsonl:${p.line}: ${p.message} (line ignored)`);
  if (inv.leftovers.length) ctx.log(`${inv.leftovers.length} file(s) of a cut-off upload at ${name}; the next backup run removes them`);
  if (ctx.args.output === 'table') {
    const { renderTable } = await import('../src/cli/index.js');
    if (inv.rows.length) ctx.out(renderTable(inv.rows, backup.inventoryColumns(Date.now())));
    else ctx.log(`no backups at ${name} (${inv.where})`);
  } else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData({ destination: name, where: inv.where, backups: inv.rows.map(({ entry: _e, ...r }) => r), catalogProblems: inv.catalogProblems, leftovers: inv.leftovers }, ctx.args.output));
  }
  if (inv.rows.some((r) => r.state === 'missing' || r.state === 'corrupt')) ctx.run.exitCode = 3;
}

async function verify(argv: Record<string, unknown>) {
  const { UserError } = await import('../src/errors/index.js');
  if (!argv.file && argv.all !== true) throw new UserError('say what to verify: plat backup verify <file> or --all');
  const s = await backupContext(argv);
  const { ctx, dir, clusters, backup } = s;
  const file = typeof argv.file === 'string' ? { file: argv.file } : {};
  const results =
    typeof argv.dest === 'string'
      ? await withDestination(s, argv.dest, (store) => backup.verifyDestination(store, { clusters: clusters.map((c) => c.name), ...file }))
      : await backup.verifyBackups(dir, { cwd: ctx.cwd, clusters: clusters.map((c) => c.name), ...file });
  if (ctx.args.output === 'table') {
    const { renderTable } = await import('../src/cli/index.js');
    if (results.length) ctx.out(renderTable(results, backup.checkColumns));
    else ctx.log(typeof argv.dest === 'string' ? `no backups at ${argv.dest}` : `no backups in ${dir}`);
  } else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(results.map((r) => {
      const { snapshot: _s, ...rest } = r as typeof r & { snapshot?: unknown };
      return rest;
    }), ctx.args.output));
  }
  if (results.some((r) => !r.ok)) ctx.run.exitCode = 1;
}

async function decrypt(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const backup = await import('../src/backup/index.js');
  const r = await backup.decryptBackup({
    file: String(argv.file), identityFile: String(argv.identity), cwd: ctx.cwd,
    ...(typeof argv.out === 'string' ? { out: argv.out } : {}),
  });
  const check = r.check ? (r.check.ok ? 'the snapshot inside verified (gzip, sha256 trailer, meta pages)' : `the snapshot inside FAILED verification: ${r.check.problems.join('; ')}`) : undefined;
  if (ctx.args.output === 'table') ctx.out(`decrypted ${r.file} → ${r.out} (${backup.mb(r.bytes)}, sha256 ${r.sha256.slice(0, 16)}…)${check ? `; ${check}` : ''}\n`);
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData({ ...r, check: r.check ? { ok: r.check.ok, problems: r.check.problems } : undefined }, ctx.args.output));
  }
  if (r.check && !r.check.ok) ctx.run.exitCode = 1;
}

async function prune(argv: Record<string, unknown>) {
  const s = await backupContext(argv);
  const { ctx, config, dir, clusters, backup } = s;
  const dryRun = argv['dry-run'] === true;
  const now = Date.now();
  const staleAfterMs = backup.scheduleInfo(config.backup.schedule, config.backup.timezone, now).staleAfterMs;
  const rctx = { now, timezone: config.backup.timezone, staleAfterMs };
  if (typeof argv.dest === 'string') return pruneDest(s, argv.dest, dryRun, rctx);
  const lock = dryRun ? undefined : await backup.acquireLock(dir, { now: () => Date.now(), command: 'plat backup prune' });
  const plans = [];
  try {
    for (const c of clusters) {
      const plan = await backup.planPrune(dir, c.name, config.backup.retention, rctx);
      if (lock) await backup.applyPrune(dir, plan, () => lock.assertHeld());
      plans.push(plan);
    }
  } finally {
    await lock?.release();
  }
  if (ctx.args.output === 'table') for (const p of plans) ctx.out(`${backup.pruneLines(p, dryRun).join('\n')}\n`);
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(plans.map(({ entries: _e, ...p }) => ({ ...p, dryRun })), ctx.args.output));
  }
}

async function pruneDest(s: BackupContext, name: string, dryRun: boolean, rctx: { now: number; timezone: string; staleAfterMs: number }) {
  const { ctx, config, clusters, backup } = s;
  const d = config.backup.destinations.find((x) => x.name === name);
  const plans = await withDestination(s, name, async (store) => {
    const { hostname } = await import('node:os');
    const lock = dryRun ? undefined : await backup.lockDestination(store, { now: rctx.now, host: hostname(), pid: process.pid, command: 'plat backup prune', staleMs: backup.DESTINATION_LOCK_STALE_MS });
    try {
      const entries = (await backup.readDestinationCatalog(store)).entries;
      const out = [];
      for (const c of clusters) {
        const plan = await backup.planDestinationPrune(store, entries, c.name, d!.retention, { ...rctx, staleAfterMs: backup.destinationStaleAfter(d!.every, rctx.staleAfterMs) });
        if (lock) await backup.applyDestinationPrune(store, plan);
        out.push(plan);
      }
      return out;
    } finally {
      await lock?.release();
    }
  });
  if (ctx.args.output === 'table') for (const p of plans) ctx.out(`${name}: ${backup.pruneLines({ ...p, entries: {} }, dryRun).join('\n')}\n`);
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(plans.map((p) => ({ ...p, dryRun })), ctx.args.output));
  }
}

async function schedule(argv: Record<string, unknown>) {
  if (argv.emit === 'cronjob') return emitCronJob(argv);
  const ctx = contextFrom(argv);
  const { config, location } = await ctx.loadConfig();
  const backup = await import('../src/backup/index.js');
  const s = backup.scheduleInfo(config.backup.schedule, config.backup.timezone, Date.now());
  // what cron/systemd runs: this node and this plat, with plat.yaml by absolute path
  const command = [process.execPath, resolve(process.argv[1] ?? 'plat'), 'backup', 'run', '--config', resolve(location.path)];
  if (argv.emit === 'crontab') ctx.out(backup.crontabLine(s.expression, s.timezone, command, join(expandHome(config.stateDir, ctx.env), 'backup.log')));
  else if (argv.emit === 'systemd') {
    const u = backup.systemdUnits(s.expression, s.timezone, command);
    ctx.out(`# ${u.name}.service\n${u.service}\n# ${u.name}.timer\n${u.timer}`);
  } else if (ctx.args.output === 'table') ctx.out(`${backup.scheduleLines(s, Intl.DateTimeFormat().resolvedOptions().timeZone).join('\n')}\n`);
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData({ ...s, next: s.next.map((t) => new Date(t).toISOString()), previous: new Date(s.previous).toISOString() }, ctx.args.output));
  }
}

async function status(argv: Record<string, unknown>) {
  const { ctx, config, dir, clusters, backup } = await backupContext(argv);
  const now = Date.now();
  const view = await backup.backupState(dir, clusters.map((c) => c.name), config.backup, now);
  if (ctx.args.output === 'table') {
    const { renderTable } = await import('../src/cli/index.js');
    ctx.out(renderTable(view.clusters, backup.backupStatusColumns(now)));
    for (const c of view.clusters) if (c.stale) ctx.log(`${c.cluster}: ${c.summary}`);
  } else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(view, ctx.args.output));
  }
  if (view.clusters.some((c) => c.stale)) ctx.run.exitCode = 3;
}

const destOption = (b: Argv) => dirOption(b).option('dest', { type: 'string', describe: 'look at this destination (backup.destinations[].name) instead of the backup dir' });

export const backupCommand: CommandModule = {
  command: 'backup <action>',
  describe: 'verified etcd backups: run | list | verify | prune | schedule | status | decrypt | drill | restore-plan',
  builder: (y: Argv) =>
    y
      .command({
        command: 'run',
        describe: 'snapshot, verify, compress and catalogue each cluster, then apply retention (for cron)',
        builder: (b: Argv) =>
          dirOption(b)
            .option('timeout', { type: 'string', default: '10m', describe: 'hard limit for one snapshot' })
            .option('stall', { type: 'string', default: '60s', describe: 'end a snapshot that stops growing for this long' })
            .option('retry-delay', { type: 'string', default: '5s', describe: 'pause before retrying on another member' })
            .option('ship', { type: 'boolean', default: true, describe: 'copy new backups to backup.destinations (--no-ship: local only)' }),
        handler: run,
      })
      .command({ command: 'list', describe: 'backups: the catalog joined with the disk (missing, corrupt, unlisted); --dest for a destination', builder: destOption, handler: list })
      .command({
        command: 'verify [file]',
        describe: 're-hash and re-check one backup, or --all',
        builder: (b: Argv) => destOption(b).positional('file', { type: 'string', describe: 'a backup file' }).option('all', { type: 'boolean', default: false, describe: 'every backup in the dir (or at --dest)' }),
        handler: verify,
      })
      .command({
        command: 'decrypt <file>',
        describe: 'decrypt an age-encrypted backup with an identity file; the snapshot inside is verified',
        builder: (b: Argv) =>
          b
            .positional('file', { type: 'string', describe: 'a ….age file' })
            .option('identity', { alias: 'i', type: 'string', demandOption: true, describe: 'age identity file (AGE-SECRET-KEY-1…, from age-keygen)' })
            .option('out', { type: 'string', describe: 'output file (default: the name without .age, here); never overwritten' }),
        handler: decrypt,
      })
      .command({
        command: 'prune',
        describe: 'apply the retention policy (keep/delete with the reason per file)',
        builder: (b: Argv) => destOption(b).option('dry-run', { type: 'boolean', default: false, describe: 'show what would be deleted, delete nothing' }),
        handler: prune,
      })
      .command({
        command: 'schedule',
        describe: 'the cron schedule and its next runs; --emit a crontab line, a systemd timer or an in-cluster CronJob',
        builder: (b: Argv) => cronJobScheduleOptions(b.option('emit', { choices: ['crontab', 'systemd', 'cronjob'] as const, describe: 'print a crontab line, a systemd service + timer, or a Kubernetes CronJob (+ ServiceAccount, Talos os:etcd:backup access)' })),
        handler: schedule,
      })
      .command({ command: 'status', describe: 'newest good backup per cluster; exit 3 when stale (for monitoring)', builder: dirOption, handler: status })
      .command(backupRecoveryCommands)
      .demandCommand(1, 'say which: plat backup run | list | verify | prune | schedule | status | decrypt | drill | restore-plan'),
  handler: () => undefined,
};
