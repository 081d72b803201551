/** The short steps: backup, flux-reconcile, wait, pause, exec. */
import { isPlatError } from '../errors/index.js';
import { deadline, sleep } from './clock-wait.js';
import type { RunbookStep } from './schema.js';
import { lookAt } from './step-gate.js';
import { reason, resumeHint, StepStop, type EngineContext, type StepEnd, type StepGen } from './step-context.js';
import { durationMs } from './versions.js';

type Step<K extends RunbookStep['kind']> = Extract<RunbookStep, { kind: K }>;

/** The backup pipeline as a step: its log lines become progress; a refused backup (alarm, quorum) refuses. */
export async function* backupUnit(ctx: EngineContext, unit: string): StepGen {
  let c;
  try {
    const gen = ctx.platform.backup(ctx.abort);
    let r = await gen.next();
    while (!r.done) {
      yield { type: 'progress', unit, message: r.value, from: 'backup' };
      r = await gen.next();
    }
    c = r.value;
  } catch (e) {
    if (isPlatError(e) && e.name === 'Locked') throw new StepStop('failed', `backup of ${ctx.cluster.name}: ${reason(e)}`, resumeHint(ctx.id, 'wait for the other backup run'));
    throw e;
  }
  if (c.ok) return { result: 'ok', message: `stored ${c.file ?? '?'} (revision ${c.revision ?? '?'})${c.error ? `; ${c.error}` : ''}` };
  const kind = c.exitCode === 5 ? 'refused' : c.exitCode === 130 ? 'interrupted' : 'failed';
  throw new StepStop(kind, `backup of ${ctx.cluster.name} failed: ${c.error ?? 'no result'}`, resumeHint(ctx.id, c.hint ?? 'fix the backup (plat backup run)'));
}

export async function* fluxUnit(ctx: EngineContext, unit: string, step: Step<'flux-reconcile'>): StepGen {
  const flux = ctx.platform.flux();
  const answers: string[] = [];
  for (const ref of step.refs) {
    yield { type: 'progress', unit, message: `reconcile ${ref}${step.withSource ? ' with its source' : ''}`, from: 'flux' };
    const r = await flux.reconcile(ctx.cluster, ref, { withSource: step.withSource, timeoutMs: durationMs(step.timeout), signal: ctx.abort });
    yield { type: 'progress', unit, message: `${ref}: ${r.ready ? 'Ready' : 'not Ready'} (${r.reason}${r.message ? `: ${r.message}` : ''})`, from: 'flux' };
    if (!r.ready) throw new StepStop('failed', `${ref} is not Ready after reconcile: ${r.reason}: ${r.message}`, resumeHint(ctx.id, `look at it (plat flux why ${ref})`));
    answers.push(ref);
  }
  return { result: 'ok', message: `${answers.join(', ')} reconciled and Ready` };
}

/** Look until the condition holds; the timeout fails the step. */
export async function* waitUnit(ctx: EngineContext, unit: string, step: Step<'wait'>): StepGen {
  const until = ctx.clock.now() + durationMs(step.timeout);
  const interval = durationMs(step.interval);
  let last = '';
  for (;;) {
    const out = await lookAt(ctx, step.for, ctx.abort);
    if (out.ok) return { result: 'ok', message: `${out.check}: ${out.detail}` };
    if (out.detail !== last) yield { type: 'progress', unit, message: `waiting: ${out.check}: ${out.detail}` };
    last = out.detail;
    if (ctx.clock.now() >= until) throw new StepStop('failed', `${out.check} did not hold within ${step.timeout}: ${out.detail}`, resumeHint(ctx.id, 'fix it'));
    await sleep(ctx.clock, Math.min(interval, until - ctx.clock.now()), ctx.abort);
  }
}

export async function* pauseUnit(ctx: EngineContext, unit: string, step: Step<'pause'>): StepGen {
  yield { type: 'progress', unit, message: `paused: ${step.message}` };
  const answer = await ctx.pause(step.message, AbortSignal.any([ctx.stop, ctx.abort]));
  if (answer === 'stop') throw new StepStop('interrupted', `stopped at the pause "${step.message}"`, resumeHint(ctx.id, 'when ready'));
  return { result: 'ok', message: 'continued by the operator' };
}

export async function* execUnit(ctx: EngineContext, unit: string, step: Step<'exec'>): StepGen {
  if (!ctx.allowExec) throw new StepStop('refused', `exec steps run only with --allow-exec (${step.command.join(' ')})`, resumeHint(ctx.id, 'add --allow-exec'));
  const d = deadline(ctx.clock, ctx.clock.now() + durationMs(step.timeout), ctx.abort);
  let code: number;
  try {
    const gen = ctx.platform.exec(step.command, { signal: d.signal, env: { PLAT_RUN_ID: ctx.id, PLAT_CLUSTER: ctx.cluster.name } });
    let r = await gen.next();
    while (!r.done) {
      yield { type: 'progress', unit, message: r.value, from: 'exec' };
      r = await gen.next();
    }
    code = r.value;
  } catch (e) {
    if (ctx.abort.aborted) throw e;
    throw new StepStop('failed', `${step.command[0]}: ${d.expired() ? `did not finish within ${step.timeout}` : reason(e)}`, resumeHint(ctx.id, 'fix it'));
  } finally {
    d.dispose();
  }
  if (code !== 0) throw new StepStop('failed', `${step.command.join(' ')} exited with code ${code}`, resumeHint(ctx.id, 'fix it'));
  return { result: 'ok', message: `${step.command[0]} exited 0` } satisfies StepEnd;
}
