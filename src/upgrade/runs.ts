/**
 * The runs recorded in the state dir, newest first, for `plat runbook status` and the Runbooks
 * screen. A run with no end in its journal is `running` while its process holds the cluster lock,
 * else `stopped` (killed): resume picks it up.
 */
import { findJournal, listJournals, readJournal, runsDir } from './journal.js';
import { runAlive } from './run-lock.js';
import { foldRun, type RunSummary } from './run-state.js';

export interface RunbooksScreenData {
  at: number;
  dir: string;
  runs: RunSummary[];
  /** Journals that could not be read (named, never fatal). */
  problems: string[];
}

/** One journal folded into its run; what cannot be read goes to `problems`, never thrown. */
async function summarize(dir: string, j: { id: string; path: string }, problems: string[]): Promise<RunSummary | undefined> {
  try {
    const { events, skipped } = await readJournal(j.path);
    if (skipped.length) problems.push(`${j.path}: line${skipped.length === 1 ? '' : 's'} ${skipped.join(', ')} not readable (a write cut short), skipped`);
    const start = events[0];
    const alive = start?.type === 'run-start' ? await runAlive(dir, start.cluster, j.id) : false;
    const s = foldRun(events, { alive });
    if (!s) problems.push(`${j.path}: not a run journal`);
    return s;
  } catch (e) {
    problems.push(`${j.path}: ${(e as Error).message}`);
    return undefined;
  }
}

const screenData = (now: number, dir: string, runs: (RunSummary | undefined)[], problems: string[]): RunbooksScreenData => ({ at: now, dir, runs: runs.filter((r): r is RunSummary => r !== undefined), problems });

export async function collectRunbooks(stateDir: string, now: number, limit = 20): Promise<RunbooksScreenData> {
  const dir = runsDir(stateDir);
  const problems: string[] = [];
  const runs = await Promise.all((await listJournals(dir)).slice(0, limit).map((j) => summarize(dir, j, problems)));
  return screenData(now, dir, runs, problems);
}

/**
 * `plat runbook status <id>`: the id (or a unique prefix) is matched against the file names in
 * the runs dir, and only that run's journal is read; an unknown id is findJournal's error, which
 * names the latest runs.
 */
export async function collectRun(stateDir: string, idOrPrefix: string, now: number): Promise<RunbooksScreenData> {
  const dir = runsDir(stateDir);
  const journal = await findJournal(dir, idOrPrefix);
  const problems: string[] = [];
  return screenData(now, dir, [await summarize(dir, journal, problems)], problems);
}
