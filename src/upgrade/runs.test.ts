import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runsDir } from './journal.js';
import { collectRun, collectRunbooks } from './runs.js';
import { runbookSchema } from './schema.js';

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'plat-'));
  mkdirSync(runsDir(stateDir));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const GOOD = '20261127T120000Z-apps-apps-backup-0001';
const runbook = runbookSchema.parse({ name: 'apps-backup', cluster: 'apps', steps: [{ kind: 'backup' }] });
const journal = (run: string): string =>
  [
    { at: '2026-11-27T12:00:00.000Z', run, type: 'run-start', runbook, file: 'rb.yaml', sha256: 'ab', stepLines: [4], cluster: 'apps', units: [{ unit: 's1', step: 1, kind: 'backup', title: 'etcd backup of apps' }], pid: 1, host: 'h', command: 'plat runbook run rb.yaml' },
    { at: '2026-11-27T12:00:01.000Z', run, type: 'unit-start', unit: 's1', kind: 'backup', title: 'etcd backup of apps' },
    { at: '2026-11-27T12:00:03.000Z', run, type: 'unit-end', unit: 's1', result: 'ok', message: 'stored x', ms: 2000 },
    { at: '2026-11-27T12:00:03.000Z', run, type: 'run-end', result: 'ok', exitCode: 0, message: 'all 1 units done' },
  ]
    .map((e) => `${JSON.stringify(e)}\n`)
    .join('');

describe('one run for runbook status <id>', () => {
  it('reads only that run: newer journals that cannot be read are neither read nor named', async () => {
    const dir = runsDir(stateDir);
    writeFileSync(join(dir, `${GOOD}.jsonl`), journal(GOOD));
    // newer than GOOD, so the listing puts them first: one torn, one not a file at all
    writeFileSync(join(dir, '20261127T130000Z-apps-torn-0002.jsonl'), '{"at":"2026-11-27T13:0\n');
    mkdirSync(join(dir, '20261127T140000Z-apps-dir-0003.jsonl'));

    const all = await collectRunbooks(stateDir, 0);
    expect(all.runs.map((r) => r.id)).toEqual([GOOD]);
    expect(all.problems).toHaveLength(3);

    for (const asked of [GOOD, '20261127T12']) {
      const one = await collectRun(stateDir, asked, 0);
      expect(one.runs.map((r) => [r.id, r.state, r.done])).toEqual([[GOOD, 'ok', ['s1']]]);
      expect(one.problems).toEqual([]);
      expect(one.dir).toBe(dir);
    }
  });

  it('an unknown id names the latest runs; an unreadable journal of the run asked for is a problem, not a crash', async () => {
    const dir = runsDir(stateDir);
    writeFileSync(join(dir, `${GOOD}.jsonl`), journal(GOOD));
    await expect(collectRun(stateDir, 'nope', 0)).rejects.toThrow(`no run "nope" in ${dir}`);
    await expect(collectRun(stateDir, 'nope', 0)).rejects.toMatchObject({ hint: `latest runs: ${GOOD} (plat runbook status lists them)` });

    writeFileSync(join(dir, `${GOOD}.jsonl`), 'garbage\n');
    const one = await collectRun(stateDir, GOOD, 0);
    expect(one.runs).toEqual([]);
    expect(one.problems).toEqual([`${dir}/${GOOD}.jsonl: line 1 not readable (a write cut short), skipped`, `${dir}/${GOOD}.jsonl: not a run journal`]);
  });
});
