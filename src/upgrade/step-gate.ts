/**
 * Gates: every check is looked at (not just up to the first failure) so the refusal names all
 * that is wrong. A stale backup is the one thing a gate fixes by itself: it takes a backup and
 * looks again. A check that cannot look (the API does not answer) fails — it never passes.
 */
import { isPlatError } from '../errors/index.js';
import type { CheckOutcome, RunEventBody } from './events.js';
import { checkLabel } from './plan.js';
import type { CheckSpec } from './schema.js';
import { backupUnit } from './step-other.js';
import { reason, resumeHint, StepStop, type EngineContext } from './step-context.js';

export async function lookAt(ctx: EngineContext, spec: CheckSpec, signal?: AbortSignal): Promise<CheckOutcome> {
  try {
    return await ctx.platform.check(spec, signal);
  } catch (e) {
    // a plat.yaml or talosconfig problem is the operator's to fix, not a platform state
    if (isPlatError(e) && (e.name === 'ConfigError' || e.name === 'UserError' || e.name === 'Interrupted')) throw e;
    return { check: spec.check, ok: false, detail: `could not look: ${reason(e)}` };
  }
}

export async function* runGate(ctx: EngineContext, before: string, checks: readonly CheckSpec[]): AsyncGenerator<RunEventBody, void> {
  if (checks.length === 0) return;
  yield { type: 'gate-start', before, checks: checks.map(checkLabel) };
  const failed: string[] = [];
  const details: string[] = [];
  // every look at once: a gate costs one round of talosctl/API calls, not one per check
  const first = await Promise.all(checks.map((spec) => lookAt(ctx, spec, ctx.abort)));
  for (const [i, spec] of checks.entries()) {
    let out = first[i]!;
    if (!out.ok && out.remedy === 'backup' && spec.check === 'backup-fresh' && spec.take) {
      yield { type: 'progress', unit: before, message: `backup-fresh: ${out.detail}; taking a backup now` };
      try {
        yield* backupUnit(ctx, before);
      } catch (e) {
        if (!(e instanceof StepStop) || e.result === 'interrupted') throw e;
      }
      out = await lookAt(ctx, spec, ctx.abort);
    }
    yield { type: 'check', before, check: checkLabel(spec), ok: out.ok, detail: out.detail };
    if (!out.ok) {
      failed.push(checkLabel(spec));
      details.push(`${checkLabel(spec)}: ${out.detail}`);
    }
  }
  yield { type: 'gate-end', before, ok: failed.length === 0, failed };
  if (failed.length) {
    throw new StepStop('refused', `gate before ${before} refused: ${details.join('; ')}`, resumeHint(ctx.id, `nothing more was changed; fix ${failed.join(' and ')}`));
  }
}
