/**
 * A run from the command line's side: the cluster lock, the journal (created on the first event),
 * the platform, and their release when the run ends however it ends. `runbook run|resume|plan`
 * and `plat upgrade` (with --plan too) all go through here; the commands only print.
 */
import { resolve } from 'node:path';
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { expandHome } from '../conventions/index.js';
import { ConfigError, GateRefused, UserError } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import { runRunbook } from './engine.js';
import type { RunEvent, RunResult } from './events.js';
import { fluxPortFor, type FluxPort } from './flux-port.js';
import { findJournal, Journal, newRunId, readJournal, runsDir } from './journal.js';
import type { LoadedRunbook } from './load.js';
import { needsFlux, runPreconditions } from './plan.js';
import { planRunbook, type PlanReport } from './plan-report.js';
import { upgradePlatform, type UpgradePlatform } from './platform.js';
import { lockCluster, runAlive } from './run-lock.js';
import { foldRun } from './run-state.js';

export interface SessionOptions {
  config: PlatConfig;
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
  platVersion: string;
  /** The command line, for the journal and the lock. */
  command: string;
  stop: AbortSignal;
  abort: AbortSignal;
  pause(message: string, signal: AbortSignal): Promise<'continue' | 'stop'>;
  allowExec: boolean;
  unattended: boolean;
  /** A terminal to ask at a pause. */
  canAsk: boolean;
  readOnly: (c: ClusterConfig) => boolean;
  /** Default: fluxPortFor(config, env). */
  flux?: () => FluxPort;
  /** Default: plat.yaml backup.dir. */
  backupDir?: string;
  /** How the platform is reached; default platformFor (tests wrap it to see when a look is in flight). */
  platform?: (cluster: ClusterConfig) => UpgradePlatform;
}

export const stateDirOf = (config: PlatConfig, env: NodeJS.ProcessEnv, cwd = process.cwd()) => resolve(cwd, expandHome(config.stateDir, env));
export const backupDirOf = (config: PlatConfig, env: NodeJS.ProcessEnv, cwd = process.cwd()) => resolve(cwd, expandHome(config.backup.dir, env));

export function clusterOf(config: PlatConfig, name: string): ClusterConfig {
  const c = config.clusters.find((x) => x.name === name);
  if (!c) throw new ConfigError(`cluster ${JSON.stringify(name)} is not in plat.yaml`, { hint: `clusters in plat.yaml: ${config.clusters.map((x) => x.name).join(', ')}` });
  return c;
}

export function platformFor(o: Pick<SessionOptions, 'config' | 'env' | 'cwd' | 'clock' | 'platVersion' | 'flux' | 'backupDir'>, cluster: ClusterConfig): UpgradePlatform {
  return upgradePlatform({
    config: o.config, cluster, env: o.env, clock: o.clock, platVersion: o.platVersion,
    backupDir: o.backupDir ?? backupDirOf(o.config, o.env, o.cwd),
    flux: o.flux ?? (() => fluxPortFor(o.config, o.env)),
  });
}

/** `runbook plan` and `upgrade --plan`: what a run of `loaded` would do against the platform as it is now. */
export async function planRun(o: Pick<SessionOptions, 'config' | 'env' | 'cwd' | 'clock' | 'platVersion'>, loaded: LoadedRunbook): Promise<PlanReport> {
  const platform = platformFor(o, clusterOf(o.config, loaded.runbook.cluster));
  try {
    return await planRunbook(platform, loaded);
  } finally {
    await platform.close();
  }
}

/** Refusals that need no look at the platform: read-only, exec consent, a pause without a terminal, Flux not available. */
function checkBefore(o: SessionOptions, loaded: LoadedRunbook, cluster: ClusterConfig): void {
  if (o.readOnly(cluster)) throw new GateRefused(`refusing to run ${loaded.runbook.name}: cluster ${cluster.name} is read-only`, { hint: 'drop --readonly, or set readOnly: false for this cluster in plat.yaml' });
  const problems = runPreconditions(loaded.runbook, o, loaded.stepLines);
  if (problems.length) throw new UserError(`${loaded.file}: ${problems.join('; ')}`);
  if (needsFlux(loaded.runbook)) (o.flux ?? (() => fluxPortFor(o.config, o.env)))();
}

export interface Session {
  id: string;
  journalPath: string;
  events: AsyncGenerator<RunEvent, RunResult>;
}

async function* guarded(gen: AsyncGenerator<RunEvent, RunResult>, cleanup: () => Promise<void>): AsyncGenerator<RunEvent, RunResult> {
  try {
    return yield* gen;
  } finally {
    await cleanup();
  }
}

function lazyJournal(dir: string, id: string, existing?: string) {
  let j: Promise<Journal> | undefined;
  return {
    append: async (e: RunEvent) => (await (j ??= existing ? Journal.reopen(existing) : Journal.create(dir, id))).append(e),
    close: async () => (j ? (await j).close() : undefined),
  };
}

/** What `startRun` and `resumeRun` share once the run's id, runbook and cluster are known: the refusals, the lock, the journal (a resumed run appends to its own), the platform, and their release however the run ends. */
async function launch(o: SessionOptions, dir: string, run: { id: string; loaded: LoadedRunbook; cluster: ClusterConfig; resumed?: { path: string; events: RunEvent[] } }): Promise<Session> {
  const { id, loaded, cluster, resumed } = run;
  checkBefore(o, loaded, cluster);
  const lock = await lockCluster(dir, cluster.name, { run: id, command: o.command, now: o.clock.now() });
  let platform: UpgradePlatform;
  try {
    platform = o.platform ? o.platform(cluster) : platformFor(o, cluster);
  } catch (e) {
    // Nothing ran: the cluster is free again at once, not only once this process exits.
    await lock.release();
    throw e;
  }
  const journal = lazyJournal(dir, id, resumed?.path);
  const gen = runRunbook({ id, loaded, cluster, platform, journal, clock: o.clock, stop: o.stop, abort: o.abort, pause: o.pause, allowExec: o.allowExec, command: o.command, previous: resumed?.events });
  return { id, journalPath: resumed?.path ?? `${dir}/${id}.jsonl`, events: guarded(gen, async () => void (await Promise.allSettled([journal.close(), platform.close(), lock.release()]))) };
}

export async function startRun(o: SessionOptions, loaded: LoadedRunbook): Promise<Session> {
  const cluster = clusterOf(o.config, loaded.runbook.cluster);
  const dir = runsDir(stateDirOf(o.config, o.env, o.cwd));
  const id = newRunId(o.clock.now(), cluster.name, loaded.runbook.name);
  return launch(o, dir, { id, loaded, cluster });
}

export async function resumeRun(o: SessionOptions, idOrPrefix: string): Promise<Session> {
  const dir = runsDir(stateDirOf(o.config, o.env, o.cwd));
  const { id, path } = await findJournal(dir, idOrPrefix);
  const { events } = await readJournal(path);
  const before = foldRun(events, { alive: false });
  if (!before) throw new UserError(`${path} is not a plat run journal (no run-start)`);
  const cluster = clusterOf(o.config, before.cluster);
  if (await runAlive(dir, cluster.name, id)) throw new UserError(`run ${id} is still running`, { hint: `follow it: plat runbook status ${id}` });
  return launch(o, dir, { id, loaded: { ...before.definition }, cluster, resumed: { path, events } });
}
