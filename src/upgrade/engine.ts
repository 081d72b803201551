/**
 * The runbook engine: an async generator of RunEvents, each journaled (fsynced) before it is
 * handed on. Gates run before the first unit, before every node of a talos-upgrade and before a
 * k8s-upgrade. Ctrl-C/SIGTERM is honoured only between units (never mid-node); a second one cuts
 * the unit at hand and leaves it open, so resume redoes it — safely, because every unit decides
 * from the platform, not from the journal, whether its work is still to do.
 */
import { hostname } from 'node:os';
import type { ClusterConfig } from '../config/index.js';
import { isPlatError } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import { EXIT_OF, type RunEvent, type RunEventBody, type RunResult } from './events.js';
import type { LoadedRunbook } from './load.js';
import { nextNode, nodeTitle, plannedUnits, stepTargets, stepTitle, unitId } from './plan.js';
import type { UpgradePlatform } from './platform.js';
import { foldRun } from './run-state.js';
import { runGate } from './step-gate.js';
import { k8sUnit } from './step-k8s.js';
import { backupUnit, execUnit, fluxUnit, pauseUnit, waitUnit } from './step-other.js';
import { settleOpenNode, talosNodeUnit } from './step-talos.js';
import { reason, resumeHint, StepStop, type EngineContext, type StepGen } from './step-context.js';
import { installerVersion, talosctlBehaviour, upgradePathProblem, sameVersion } from './versions.js';

export interface RunOptions {
  id: string;
  loaded: LoadedRunbook;
  cluster: ClusterConfig;
  platform: UpgradePlatform;
  /** Where events go before anyone else sees them. */
  journal: { append(e: RunEvent): Promise<void> };
  clock: Clock;
  stop: AbortSignal;
  abort: AbortSignal;
  /** The journal so far, when resuming. */
  previous?: readonly RunEvent[];
  pause(message: string, signal: AbortSignal): Promise<'continue' | 'stop'>;
  allowExec: boolean;
  /** The command line, recorded in the journal. */
  command: string;
}

export async function* runRunbook(o: RunOptions): AsyncGenerator<RunEvent, RunResult> {
  const inner = engine(o);
  let r = await inner.next();
  while (!r.done) {
    const e = { at: new Date(o.clock.now()).toISOString(), run: o.id, ...r.value } as RunEvent;
    await o.journal.append(e);
    yield e;
    r = await inner.next();
  }
  return r.value;
}

async function* unitRun(unit: string, kind: RunbookKind, title: string, node: string | undefined, ctx: EngineContext, work: () => StepGen): AsyncGenerator<RunEventBody, void> {
  const started = ctx.clock.now();
  yield { type: 'unit-start', unit, kind, title, ...(node ? { node } : {}) };
  try {
    const end = yield* work();
    yield { type: 'unit-end', unit, result: end.result, message: end.message, ms: ctx.clock.now() - started };
  } catch (e) {
    // an interrupted unit stays open: resume redoes it
    if (e instanceof StepStop && e.result !== 'interrupted') yield { type: 'unit-end', unit, result: e.result, message: e.message, ms: ctx.clock.now() - started };
    else if (!(e instanceof StepStop) && !ctx.abort.aborted && !(isPlatError(e) && e.exitCode === 130)) {
      const kindOf = isPlatError(e) && e.exitCode === 5 ? 'refused' : 'failed';
      yield { type: 'unit-end', unit, result: kindOf, message: reason(e), ms: ctx.clock.now() - started };
      throw new StepStop(kindOf, `${unit}: ${reason(e)}`, isPlatError(e) ? e.hint : undefined);
    }
    throw e;
  }
}

type RunbookKind = LoadedRunbook['runbook']['steps'][number]['kind'];

async function* engine(o: RunOptions): AsyncGenerator<RunEventBody, RunResult> {
  const { runbook: rb, stepLines } = o.loaded;
  const facts = await o.platform.facts(o.abort);
  const ctx: EngineContext = {
    id: o.id, runbook: rb, cluster: o.cluster, platform: o.platform, clock: o.clock, stop: o.stop, abort: o.abort, pause: o.pause, allowExec: o.allowExec,
    behaviour: talosctlBehaviour(facts.talosctl),
  };
  const before = o.previous ? foldRun(o.previous, { alive: false }) : undefined;
  const done = new Set(before?.done ?? []);
  const units = plannedUnits(rb, o.cluster, facts.leader, stepLines);
  const who = { pid: process.pid, host: hostname(), command: o.command };
  if (o.previous) yield { type: 'run-resume', ...who, done: [...done] };
  else yield { type: 'run-start', runbook: rb, file: o.loaded.file, sha256: o.loaded.sha256, stepLines: [...stepLines], cluster: o.cluster.name, units, ...who };

  const end = (result: RunResult['result'], message: string, hint?: string): RunResult => ({ id: o.id, result, exitCode: EXIT_OF[result], message, ...(hint ? { hint } : {}) });
  const pending = units.filter((u) => !done.has(u.unit));
  if (pending.length === 0) {
    yield { type: 'run-end', result: 'ok', exitCode: 0, message: 'nothing left to do' };
    return end('ok', 'nothing left to do');
  }
  let current: string | undefined;
  try {
    if (ctx.behaviour.stageDeprecated && rb.steps.some((s) => s.kind === 'talos-upgrade' && s.stage)) {
      yield { type: 'warning', message: `talosctl ${ctx.behaviour.version} deprecates --stage (legacy upgrade path only)` };
    }
    // Version paths are refused before anything changes, not halfway through the nodes.
    for (const [i, s] of rb.steps.entries()) {
      if (s.kind !== 'talos-upgrade') continue;
      const target = installerVersion(s.image)!;
      for (const n of stepTargets(s, o.cluster)) {
        const v = facts.state.nodes.find((x) => x.name === n.name)?.talosVersion;
        const problem = done.has(unitId(i, n.name)) || sameVersion(v, target) ? undefined : upgradePathProblem('Talos', v, target);
        if (problem) throw new StepStop('refused', `${n.name}: ${problem}`, 'change the image in the runbook');
      }
    }
    // resume continues with the unit the stopped run was on (started, not finished), whatever the order says now
    const resumed = before?.units.find((u) => u.starts > 0 && !done.has(u.unit));
    const first = resumed ? units.find((u) => u.unit === resumed.unit) ?? pending[0]! : pending[0]!;
    current = first.unit;
    const open = resumed?.state === 'running' ? first : undefined;
    const openStep = open ? rb.steps[open.step - 1] : undefined;
    const openNode = open?.node ? o.cluster.nodes.find((n) => n.name === open.node) : undefined;
    if (openStep?.kind === 'talos-upgrade' && openNode) yield* settleOpenNode(ctx, current, openStep, openNode);
    yield* runGate(ctx, current, rb.gates);
    let gated = true; // the first unit of this process was just gated
    const stopHere = (before: string) => {
      if (o.stop.aborted) throw new StepStop('interrupted', `stopped on request before ${before}`, resumeHint(o.id));
    };
    for (const [i, step] of rb.steps.entries()) {
      if (step.kind === 'talos-upgrade') {
        let left = stepTargets(step, o.cluster).filter((n) => !done.has(unitId(i, n.name)));
        while (left.length) {
          const f = gated ? facts : await o.platform.facts(o.abort);
          const node = left.find((n) => unitId(i, n.name) === resumed?.unit) ?? nextNode(left, f.leader);
          current = unitId(i, node.name);
          stopHere(current);
          if (!gated) yield* runGate(ctx, current, rb.gates);
          gated = false;
          yield* unitRun(current, step.kind, nodeTitle(step, node), node.name, ctx, () => talosNodeUnit(ctx, current!, step, node));
          left = left.filter((n) => n !== node);
        }
        continue;
      }
      current = unitId(i);
      if (done.has(current)) continue;
      stopHere(current);
      if (step.kind === 'k8s-upgrade' && !gated) yield* runGate(ctx, current, rb.gates);
      gated = false;
      const u = current;
      const work = (): StepGen => {
        switch (step.kind) {
          case 'gate':
            return (async function* () {
              yield* runGate(ctx, u, step.checks);
              return { result: 'ok' as const, message: 'every check holds' };
            })();
          case 'backup':
            return backupUnit(ctx, u);
          case 'k8s-upgrade':
            return k8sUnit(ctx, u, step);
          case 'flux-reconcile':
            return fluxUnit(ctx, u, step);
          case 'wait':
            return waitUnit(ctx, u, step);
          case 'pause':
            return pauseUnit(ctx, u, step);
          case 'exec':
            return execUnit(ctx, u, step);
        }
      };
      yield* unitRun(u, step.kind, stepTitle(step, o.cluster), undefined, ctx, work);
    }
  } catch (e) {
    const stop =
      e instanceof StepStop ? e
      : o.abort.aborted || (isPlatError(e) && e.exitCode === 130) ? new StepStop('interrupted', `aborted during ${current ?? 'the start'}; resume looks at it again`, resumeHint(o.id))
      : isPlatError(e) ? new StepStop(e.exitCode === 5 ? 'refused' : 'failed', reason(e), e.hint ?? resumeHint(o.id, 'fix it'))
      : undefined;
    if (!stop) throw e;
    yield { type: 'stop', reason: stop.result, ...(current ? { unit: current } : {}), message: stop.message, ...(stop.hint ? { hint: stop.hint } : {}) };
    yield { type: 'run-end', result: stop.result, exitCode: EXIT_OF[stop.result], message: stop.message };
    return end(stop.result, stop.message, stop.hint);
  }
  const n = units.length - done.size;
  yield { type: 'run-end', result: 'ok', exitCode: 0, message: `${n} unit${n === 1 ? '' : 's'} done${done.size ? ` (${done.size} done before)` : ''}` };
  return end('ok', `${rb.name} finished on ${o.cluster.name}`);
}
