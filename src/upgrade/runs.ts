/**
 * The runs recorded in the state dir, newest first, for `plat runbook status` and the Runbooks
 * screen. A run with no end in its journal is `running` while its process holds the cluster lock,
 * else `stopped` (killed): resume picks it up.
 */
import { listJournals, readJournal, runsDir } from './journal.js';
import { runAlive } from './run-lock.js';
import { foldRun, type RunSummary } from './run-state.js';

export interface RunbooksScreenData {
  at: number;
  dir: string;
  runs: RunSummary[];
  /** Journals that could not be read (named, never fatal). */
  problems: string[];
}

export async function collectRunbooks(stateDir: string, now: number, limit = 20): Promise<RunbooksScreenData> {
  const dir = runsDir(stateDir);
  const journals = (await listJournals(dir)).slice(0, limit);
  const problems: string[] = [];
  const runs = await Promise.all(
    journals.map(async (j) => {
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
    }),
  );
  return { at: now, dir, runs: runs.filter((r): r is RunSummary => r !== undefined), problems };
}
