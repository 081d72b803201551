import type { Argv, CommandModule } from 'yargs';
import { confirmAction, contextFrom, jsonLine, type CommandContext } from '../src/cli/index.js';
import type { PlatConfig } from '../src/config/index.js';
import { platVersion } from '../src/conventions/index.js';
import type { LoadedRunbook, RunResult, Session, SessionOptions } from '../src/upgrade/index.js';

/** Ctrl-C / SIGTERM once: stop after the unit at hand; twice: cut it now (resume redoes it). */
function signals(ctx: CommandContext): { stop: AbortController; abort: AbortController; off(): void } {
  const stop = new AbortController();
  const abort = new AbortController();
  const on = () => {
    if (!stop.signal.aborted) {
      stop.abort();
      ctx.log('plat: stopping after the current unit (never mid-node); Ctrl-C again to cut it now');
    } else abort.abort();
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return { stop, abort, off: () => (process.off('SIGINT', on), process.off('SIGTERM', on)) };
}

/** A pause step asks on the terminal; Ctrl-C while asking stops the run there. */
async function askToContinue(message: string, signal: AbortSignal): Promise<'continue' | 'stop'> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${message} — continue? [y/N] `, { signal });
    return /^y(es)?$/i.test(answer.trim()) ? 'continue' : 'stop';
  } catch {
    return 'stop';
  } finally {
    rl.close();
  }
}

export async function sessionOptions(ctx: CommandContext, argv: Record<string, unknown>, command: string, control: { stop: AbortController; abort: AbortController }): Promise<SessionOptions> {
  const { config } = await ctx.loadConfig();
  const { realClock } = await import('../src/lab/clock.js');
  return {
    config, env: ctx.env, cwd: ctx.cwd, clock: realClock, platVersion: platVersion(), command,
    stop: control.stop.signal, abort: control.abort.signal,
    pause: (m, s) => askToContinue(m, s),
    allowExec: argv['allow-exec'] === true, unattended: argv.unattended === true, canAsk: process.stdin.isTTY === true,
    readOnly: (c) => ctx.isReadOnly(c),
  };
}

/** Print a run as it goes (plain lines on stderr, or jsonl on stdout), then its result; a refusal or failure becomes its exit code. */
export async function follow(ctx: CommandContext, session: Session): Promise<void> {
  const { eventLine } = await import('../src/upgrade/index.js');
  let r = await session.events.next();
  while (!r.done) {
    if (ctx.args.output === 'jsonl') ctx.out(jsonLine(r.value));
    else ctx.log(eventLine(r.value));
    r = await session.events.next();
  }
  const result: RunResult = r.value;
  if (ctx.args.output === 'jsonl') ctx.out(jsonLine({ type: 'result', ...result, journal: session.journalPath }));
  else if (ctx.args.output === 'table') ctx.out(`run ${result.id} ${result.result}: ${result.message} (journal ${session.journalPath})\n`);
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData({ ...result, journal: session.journalPath }, ctx.args.output));
  }
  if (result.exitCode === 0) return;
  const errors = await import('../src/errors/index.js');
  const Err = result.exitCode === 5 ? errors.GateRefused : result.exitCode === 130 ? errors.Interrupted : errors.ActionFailed;
  throw new Err(result.message, { hint: result.hint ?? `plat runbook resume ${result.id}` });
}

const unitCount = (l: LoadedRunbook) => l.runbook.steps.length;

/** Confirm, then run a loaded runbook (from a file or made by `plat upgrade`). */
export async function runLoaded(ctx: CommandContext, argv: Record<string, unknown>, loaded: LoadedRunbook, command: string): Promise<void> {
  const upgrade = await import('../src/upgrade/index.js');
  const control = signals(ctx);
  try {
    const opts = await sessionOptions(ctx, argv, command, control);
    const cluster = upgrade.clusterOf(opts.config, loaded.runbook.cluster);
    if (ctx.args.cluster && !ctx.args.cluster.includes(cluster.name)) {
      const { UserError } = await import('../src/errors/index.js');
      throw new UserError(`${loaded.file} works on cluster ${cluster.name}, not ${ctx.args.cluster.join(', ')}`, { hint: 'drop --cluster, or use a runbook for that cluster' });
    }
    await confirmAction(`Run ${loaded.runbook.name} (${loaded.file}, ${unitCount(loaded)} step${unitCount(loaded) === 1 ? '' : 's'}) on cluster ${cluster.name} (${cluster.nodes.map((n) => n.name).join(', ')})?`, { yes: argv.yes === true });
    await follow(ctx, await upgrade.startRun(opts, loaded));
  } finally {
    control.off();
  }
}

/** `runbook plan` and `upgrade --plan`: the plan as lines (json/yaml: the report); exit 5 if a run now would be refused. */
export async function printPlan(ctx: CommandContext, config: PlatConfig, loaded: LoadedRunbook): Promise<void> {
  const upgrade = await import('../src/upgrade/index.js');
  const { realClock } = await import('../src/lab/clock.js');
  const report = await upgrade.planRun({ config, env: ctx.env, cwd: ctx.cwd, clock: realClock, platVersion: platVersion() }, loaded);
  if (ctx.args.output === 'table' || ctx.args.output === 'jsonl') ctx.out(`${upgrade.planLines(report).join('\n')}\n`);
  else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(report, ctx.args.output));
  }
  if (report.refused.length) ctx.run.exitCode = 5;
}

async function plan(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const upgrade = await import('../src/upgrade/index.js');
  await printPlan(ctx, config, upgrade.loadRunbookFile(String(argv.file), ctx.cwd, config));
}

async function run(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const upgrade = await import('../src/upgrade/index.js');
  const loaded = upgrade.loadRunbookFile(String(argv.file), ctx.cwd, config);
  await runLoaded(ctx, argv, loaded, `plat runbook run ${String(argv.file)}`);
}

async function resume(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const upgrade = await import('../src/upgrade/index.js');
  const control = signals(ctx);
  try {
    const opts = await sessionOptions(ctx, argv, `plat runbook resume ${String(argv.id)}`, control);
    await confirmAction(`Resume run ${String(argv.id)} (it re-checks the gates, then continues where it stopped)?`, { yes: argv.yes === true });
    await follow(ctx, await upgrade.resumeRun(opts, String(argv.id)));
  } finally {
    control.off();
  }
}

async function status(argv: Record<string, unknown>) {
  const ctx = contextFrom(argv);
  const { config } = await ctx.loadConfig();
  const upgrade = await import('../src/upgrade/index.js');
  const stateDir = upgrade.stateDirOf(config, ctx.env, ctx.cwd);
  const data = typeof argv.id === 'string' ? await upgrade.collectRun(stateDir, argv.id, Date.now()) : await upgrade.collectRunbooks(stateDir, Date.now());
  if (ctx.args.output === 'table') {
    const lines = upgrade.runbookScreenLines(data, 160).map((l) => l.map((s) => s.text).join('').trimEnd());
    ctx.out(`${lines.join('\n')}\n`);
  } else {
    const { formatData } = await import('../src/cli/index.js');
    ctx.out(await formatData(data.runs.map(({ definition: _d, ...r }) => r), ctx.args.output));
  }
}

export const runOptions = (y: Argv) =>
  y
    .option('yes', { type: 'boolean', default: false, describe: 'do not ask before starting (pause steps still ask)' })
    .option('unattended', { type: 'boolean', default: false, describe: 'continue through pause steps without asking' })
    .option('allow-exec', { type: 'boolean', default: false, describe: 'let exec steps run their commands' });

export const runbookCommand: CommandModule = {
  command: 'runbook',
  describe: 'scripted, gated upgrades with a journal: plan | run | resume | status',
  builder: (y: Argv) =>
    y
      .command({ command: 'plan <file>', describe: 'what a run would do now, node by node, and what each gate says; changes nothing (exit 5 if it would be refused)', handler: plan })
      .command({ command: 'run <file>', describe: 'run a runbook; journal in <stateDir>/runs/<id>.jsonl', builder: runOptions, handler: run })
      .command({ command: 'resume <id>', describe: 'continue a stopped run from its first unfinished unit, after checking the gates again', builder: runOptions, handler: resume })
      .command({ command: 'status [id]', describe: 'recent runs, or one run unit by unit', handler: status })
      .demandCommand(1, 'say which: plat runbook plan | run | resume | status'),
  handler: () => undefined,
};
