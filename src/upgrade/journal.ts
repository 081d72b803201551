/**
 * The run journal: `<state dir>/runs/<id>.jsonl`, one event per line, each append fsynced before
 * the run goes on — so after a SIGKILL or a power cut the journal still says which node was being
 * upgraded. A line torn by a crash mid-write is skipped when reading, and a resumed run starts
 * on a fresh line.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import type { RunEvent } from './events.js';
import { compareText, fsyncDir } from '../conventions/index.js';

export const runsDir = (stateDir: string) => join(stateDir, 'runs');

/** `20261127T120000Z-apps-talos-v1-12-7-3f9a`: sorts by start time, names the cluster and runbook. */
export function newRunId(now: number, cluster: string, runbook: string): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const slug = runbook.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${stamp}-${cluster}-${slug}-${randomBytes(2).toString('hex')}`;
}

const ID = /^[0-9]{8}T[0-9]{6}Z-[a-z0-9-]+$/;

export class Journal {
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  /** A new journal; fails if the id exists. The directory entry is fsynced too. */
  static async create(dir: string, id: string): Promise<Journal> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${id}.jsonl`);
    const fh = await open(path, 'wx', 0o600);
    await fsyncDir(dir);
    return new Journal(path, fh);
  }

  /** Append to an existing journal (resume); a torn last line is closed first. */
  static async reopen(path: string): Promise<Journal> {
    const fh = await open(path, 'a+', 0o600);
    const { size } = await fh.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await fh.appendFile('\n');
    }
    return new Journal(path, fh);
  }

  async append(e: RunEvent): Promise<void> {
    await this.fh.appendFile(`${JSON.stringify(e)}\n`);
    await this.fh.datasync();
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

export interface JournalRead {
  events: RunEvent[];
  /** Lines that are not events (a line torn by a crash): skipped, with their line number. */
  skipped: number[];
}

export async function readJournal(path: string): Promise<JournalRead> {
  const text = await readFile(path, 'utf8');
  const events: RunEvent[] = [];
  const skipped: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const e = JSON.parse(line) as RunEvent;
      if (e && typeof e === 'object' && typeof e.type === 'string' && typeof e.at === 'string') events.push(e);
      else skipped.push(i + 1);
    } catch {
      skipped.push(i + 1);
    }
  });
  return { events, skipped };
}

/** Journals in the runs dir, newest first. */
export async function listJournals(dir: string): Promise<{ id: string; path: string }[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  // Ids start with their UTC start time: newest first is a sort by name, no stat needed (the
  // dashboard lists them every 5 s).
  return names
    .filter((n) => n.endsWith('.jsonl') && ID.test(n.slice(0, -'.jsonl'.length)))
    .map((n) => ({ id: n.slice(0, -'.jsonl'.length), path: join(dir, n) }))
    .sort((a, b) => compareText(b.id, a.id));
}

/** The journal of a run id, or a unique prefix of one. */
export async function findJournal(dir: string, idOrPrefix: string): Promise<{ id: string; path: string }> {
  const all = await listJournals(dir);
  const exact = all.find((j) => j.id === idOrPrefix);
  if (exact) return exact;
  const hits = all.filter((j) => j.id.startsWith(idOrPrefix));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) throw new UserError(`run id "${idOrPrefix}" matches ${hits.length} runs: ${hits.slice(0, 5).map((h) => h.id).join(', ')}`, { hint: 'give more of the id' });
  throw new UserError(`no run "${idOrPrefix}" in ${dir}`, { hint: all.length ? `latest runs: ${all.slice(0, 3).map((j) => j.id).join(', ')} (plat runbook status lists them)` : 'no runs recorded yet' });
}
