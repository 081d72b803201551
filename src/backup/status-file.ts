/** `<dir>/status.json`: the last attempt per cluster, written by `plat backup run` under the lock. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './durable.js';
import type { RunRecord, StatusFile } from './status.js';

export const STATUS_FILE = 'status.json';

export async function readStatusFile(dir: string): Promise<StatusFile> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, STATUS_FILE), 'utf8')) as StatusFile;
    return parsed && typeof parsed.clusters === 'object' ? parsed : { clusters: {} };
  } catch {
    return { clusters: {} };
  }
}

/** Record one cluster's attempt (callers hold the backup lock). */
export async function recordRun(dir: string, cluster: string, update: (r: RunRecord | undefined) => RunRecord): Promise<void> {
  const st = await readStatusFile(dir);
  st.clusters[cluster] = update(st.clusters[cluster]);
  await writeFileAtomic(join(dir, STATUS_FILE), `${JSON.stringify(st, null, 2)}\n`, String(process.pid));
}
