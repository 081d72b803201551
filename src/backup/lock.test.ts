import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE } from './lock.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'plat-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = () => Date.now();
/** A pid that surely belonged to a process which has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('backup lock', () => {
  it('holds pid, host and start time in a 0600 file; a second taker gets Locked naming the holder', async () => {
    const a = await acquireLock(dir, { now, command: 'plat backup run' });
    const info = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), command: 'plat backup run' });
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    await expect(acquireLock(dir, { now, command: 'plat backup prune' })).rejects.toMatchObject({
      name: 'Locked', exitCode: 4, message: expect.stringMatching(new RegExp(`is locked by plat backup run \\(pid ${process.pid} on ${hostname()}, since `)),
    });
    await a.release();
    const b = await acquireLock(dir, { now, command: 'plat backup prune' });
    await b.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a stale lock of a dead process on this host, and says so', async () => {
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString(), command: 'plat backup run', token: 'dead' }));
    const l = await acquireLock(dir, { now, command: 'plat backup run' });
    expect(l.tookOver).toBe(`pid ${pid} is not running`);
    await l.assertHeld();
    await l.release();
  });

  it('many racing takers of one stale lock: exactly one wins', async () => {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: new Date().toISOString(), command: 'x', token: 'dead' }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLock(dir, { now, command: `run ${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'Locked' });
  });

  it('another host: live until older than the stale limit; a lost lock is noticed', async () => {
    const other = { pid: 1, host: 'elsewhere', startedAt: new Date(Date.now() - 3_600_000).toISOString(), command: 'plat backup run', token: 'far' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    await expect(acquireLock(dir, { now, command: 'c' })).rejects.toMatchObject({ name: 'Locked', hint: `if that run is gone, remove ${join(dir, LOCK_FILE)}` });
    const l = await acquireLock(dir, { now, command: 'c', staleAfterMs: 60_000 });
    expect(l.tookOver).toBe('older than 1 min');
    rmSync(join(dir, LOCK_FILE));
    await expect(l.assertHeld()).rejects.toThrow(/lost the backup lock/);
  });
});
