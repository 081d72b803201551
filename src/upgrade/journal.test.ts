import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPlatError } from '../errors/index.js';
import type { RunEvent, RunEventBody } from './events.js';
import { findJournal, Journal, listJournals, newRunId, readJournal } from './journal.js';
import { lockCluster, lockPath, runAlive } from './run-lock.js';
import { foldRun } from './run-state.js';
import { runbookSchema } from './schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const AT = Date.parse('2026-11-27T12:00:00Z');
const ID = newRunId(AT, 'apps', 'Talos v1.12 on apps!');
let t = 0;
const ev = (b: RunEventBody): RunEvent => ({ at: new Date(AT + (t += 1000)).toISOString(), run: ID, ...b }) as RunEvent;
const runbook = runbookSchema.parse({ name: 'apps-talos', cluster: 'apps', steps: [{ kind: 'backup' }, { kind: 'talos-upgrade', image: 'ghcr.io/siderolabs/installer:v1.12.0' }] });
const units = [
  { unit: 's1', step: 1, kind: 'backup' as const, title: 'etcd backup of apps' },
  ...['apps-02', 'apps-03', 'apps-01'].map((n) => ({ unit: `s2/${n}`, step: 2, kind: 'talos-upgrade' as const, title: `upgrade ${n}`, node: n })),
];
const start = () => ev({ type: 'run-start', runbook, file: 'rb.yaml', sha256: 'ab', stepLines: [4, 5], cluster: 'apps', units, pid: 1, host: 'h', command: 'plat runbook run rb.yaml' });

describe('the journal', () => {
  it('ids sort by time and name the cluster and runbook', () => {
    expect(ID).toMatch(/^20261127T120000Z-apps-talos-v1-12-on-apps-[0-9a-f]{4}$/);
  });

  it('appends one line per event; a line torn by a crash is skipped and a resumed run starts on a fresh line', async () => {
    const j = await Journal.create(dir, ID);
    const first = [start(), ev({ type: 'unit-start', unit: 's1', kind: 'backup', title: 'etcd backup of apps' })];
    for (const e of first) await j.append(e);
    await j.close();
    appendFileSync(j.path, '{"at":"2026-11-27T12:00:0'); // killed mid-write
    const again = await Journal.reopen(j.path);
    const resume = ev({ type: 'run-resume', pid: 2, host: 'h', command: 'plat runbook resume', done: [] });
    await again.append(resume);
    await again.close();
    const read = await readJournal(j.path);
    expect(read.events).toEqual([...first, resume]);
    expect(read.skipped).toEqual([3]);
    expect(readFileSync(j.path, 'utf8').split('\n')).toHaveLength(5);
    await expect(Journal.create(dir, ID)).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('finds a run by a unique prefix and names the candidates otherwise', async () => {
    writeFileSync(join(dir, '20261127T120000Z-apps-a-0001.jsonl'), '');
    writeFileSync(join(dir, '20261127T130000Z-infra-b-0002.jsonl'), '');
    writeFileSync(join(dir, 'notes.txt'), '');
    expect((await listJournals(dir)).map((j) => j.id)).toEqual(['20261127T130000Z-infra-b-0002', '20261127T120000Z-apps-a-0001']);
    expect((await findJournal(dir, '20261127T13')).id).toBe('20261127T130000Z-infra-b-0002');
    await expect(findJournal(dir, '20261127T1')).rejects.toThrow('run id "20261127T1" matches 2 runs: 20261127T130000Z-infra-b-0002, 20261127T120000Z-apps-a-0001');
    await expect(findJournal(dir, 'nope')).rejects.toThrow(`no run "nope" in ${dir}`);
  });
});

describe('a run, folded from its journal', () => {
  it('done units, the current gate, the unit at work, and how it ended', () => {
    t = 0;
    const events = [
      start(),
      ev({ type: 'gate-start', before: 's1', checks: ['etcd-healthy', 'cluster-healthy'] }),
      ev({ type: 'check', before: 's1', check: 'etcd-healthy', ok: true, detail: '3/3 members healthy, leader apps-01' }),
      ev({ type: 'check', before: 's1', check: 'cluster-healthy', ok: true, detail: 'no warnings or critical findings' }),
      ev({ type: 'gate-end', before: 's1', ok: true, failed: [] }),
      ev({ type: 'unit-start', unit: 's1', kind: 'backup', title: 'etcd backup of apps' }),
      ev({ type: 'unit-end', unit: 's1', result: 'ok', message: 'stored x', ms: 2000 }),
      ev({ type: 'gate-start', before: 's2/apps-02', checks: ['etcd-healthy'] }),
      ev({ type: 'unit-start', unit: 's2/apps-02', kind: 'talos-upgrade', title: 'upgrade apps-02', node: 'apps-02' }),
      ev({ type: 'progress', unit: 's2/apps-02', node: 'apps-02', message: 'waiting for apps-02: node-ready: NotReady' }),
    ];
    const running = foldRun(events, { alive: true })!;
    expect(running).toMatchObject({ state: 'running', current: 's2/apps-02', done: ['s1'], lastMessage: 'waiting for apps-02: node-ready: NotReady' });
    expect(running.gate).toEqual({ before: 's2/apps-02', at: events[7]!.at, checks: [{ check: 'etcd-healthy' }] });
    expect(running.units.map((u) => [u.unit, u.state, u.ms])).toEqual([['s1', 'ok', 2000], ['s2/apps-02', 'running', 1000], ['s2/apps-03', 'pending', undefined], ['s2/apps-01', 'pending', undefined]]);
    expect(foldRun(events, { alive: false })!.state).toBe('stopped');

    const ended = [...events, ev({ type: 'stop', reason: 'interrupted', unit: 's2/apps-03', message: 'stopped on request before s2/apps-03', hint: 'plat runbook resume x' }), ev({ type: 'run-end', result: 'interrupted', exitCode: 130, message: 'stopped on request' })];
    expect(foldRun(ended, { alive: false })).toMatchObject({ state: 'interrupted', exitCode: 130, hint: 'plat runbook resume x' });
    const resumed = [...ended, ev({ type: 'run-resume', pid: 3, host: 'h', command: 'resume', done: ['s1'] })];
    const r = foldRun(resumed, { alive: true })!;
    expect(r).toMatchObject({ state: 'running', resumes: 1 });
    expect([r.exitCode, r.hint, r.message, r.endedAt]).toEqual([undefined, undefined, undefined, undefined]);
    expect(foldRun([events[1]!], { alive: false })).toBeUndefined();
  });
});

describe('one run per cluster', () => {
  it('a live holder refuses (exit 4); a dead holder on this host is taken over', async () => {
    const a = await lockCluster(dir, 'apps', { run: 'r1', command: 'plat runbook run a.yaml', now: AT });
    expect(await runAlive(dir, 'apps', 'r1')).toBe(true);
    const err = await lockCluster(dir, 'apps', { run: 'r2', command: 'plat runbook run b.yaml', now: AT }).catch((e: unknown) => e);
    expect(isPlatError(err) && err.exitCode).toBe(4);
    expect((err as Error).message).toBe(`cluster apps is being worked on by run r1 (plat runbook run a.yaml, pid ${process.pid} on ${hostname()}, since 2026-11-27T12:00:00.000Z)`);
    const other = await lockCluster(dir, 'infra', { run: 'r3', command: 'x', now: AT });
    await a.release();
    await other.release();

    writeFileSync(lockPath(dir, 'apps'), JSON.stringify({ run: 'r0', pid: 2 ** 22 + 7, host: hostname(), since: '2026-11-27T11:00:00Z', command: 'killed' }));
    expect(await runAlive(dir, 'apps', 'r0')).toBe(false);
    const b = await lockCluster(dir, 'apps', { run: 'r4', command: 'plat runbook resume r0', now: AT });
    expect(b.tookOver).toBe(`run r0 (pid ${2 ** 22 + 7} is not running)`);
    await b.release();
  });
});
