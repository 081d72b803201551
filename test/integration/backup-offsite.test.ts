/**
 * Shipping backups to a REAL OpenSSH sshd (127.0.0.1, its own host key, internal-sftp): upload to
 * a temp name, size + SHA-256 checked there (sha256sum over exec for root; read back for the
 * SFTP-only `nobody`), rename, the destination's catalog, retention, list and verify; the
 * connection killed at 10 moments of an upload; a changed host key; a read-only remote dir.
 *
 * The local side is a backup dir whose catalog lists random files of a few MiB: shipping only
 * trusts the local catalog's size and SHA-256 (the snapshot checks happened before, at store
 * time, and are tested with the pipeline), and random bytes make any mix-up show.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appendCatalog, backupFileName, deliverToDestination, listDestination, openDestination, parseCatalog, readCatalog, verifyDestination,
  type CatalogEntry, type DeliverOptions, type DestinationConfig, type DestinationEvent, type DestinationOutcome, type ShipStep,
} from '../../src/backup/index.js';
import { realClock, type Clock } from '../../src/lab/clock.js';
import { requireSshd, startSshd, type RealSshd } from '../support/sshd.js';

const bins = requireSshd('backup shipping over a real sshd');
const MiB = 1024 * 1024;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-23T00:00:00Z');

let sshd: RealSshd;
let dir: string;
let local: string;
let remote: string;

beforeAll(async () => {
  if (bins) sshd = await startSshd(bins);
});
afterAll(async () => {
  await sshd?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  chmodSync(dir, 0o755); // nobody reaches its remote dir through here
  local = join(dir, 'local');
  remote = join(dir, 'remote');
  mkdirSync(local);
  mkdirSync(remote);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A local backup: random bytes under a backup name, catalogued as verified. */
async function addLocalBackup(takenAt: number, bytes: number): Promise<CatalogEntry> {
  const file = `infra/${backupFileName({ cluster: 'infra', takenAt, revision: 100 + Math.round((takenAt - T0) / HOUR), compression: 'gzip' })}`;
  mkdirSync(join(local, 'infra'), { recursive: true });
  const data = randomBytes(bytes);
  writeFileSync(join(local, file), data, { mode: 0o600 });
  const entry: CatalogEntry = {
    v: 1, cluster: 'infra', file, takenAt: new Date(takenAt).toISOString(), node: 'infra-01', nodeAddress: '10.25.11.11', storedBytes: bytes,
    snapshotBytes: bytes, sha256: createHash('sha256').update(data).digest('hex'), trailerSha256: '0'.repeat(64), pageSize: 4096, pgid: 1, txid: 1,
    compression: 'gzip', verified: true, platVersion: 'test',
  };
  await appendCatalog(local, [entry]);
  return entry;
}

function destination(over: Partial<Extract<DestinationConfig, { type: 'sftp' }>> = {}): Extract<DestinationConfig, { type: 'sftp' }> {
  return {
    name: 'backup-server', type: 'sftp', host: sshd.host, port: sshd.port, user: 'root', identityFile: sshd.identityFile, knownHosts: sshd.knownHostsFile,
    dir: remote, every: 'run', retention: { keepLast: 10 }, ...over,
  };
}

async function deliver(d: DestinationConfig, o: { clock?: Clock; onStep?: DeliverOptions['onStep'] } = {}): Promise<{ events: DestinationEvent[]; outcome: DestinationOutcome }> {
  const clock = o.clock ?? realClock;
  const gen = deliverToDestination({
    destination: d, open: () => openDestination(d, { env: process.env, cwd: dir }), localDir: local, clusters: ['infra'], timezone: 'UTC',
    scheduleStaleAfterMs: 12 * HOUR, clock, host: 'test-host', pid: process.pid, command: 'test', ...(o.onStep ? { onStep: o.onStep } : {}),
  });
  const events: DestinationEvent[] = [];
  let step = await gen.next();
  while (!step.done) {
    events.push({ at: new Date(clock.now()).toISOString(), ...step.value } as DestinationEvent);
    step = await gen.next();
  }
  return { events, outcome: step.value };
}

const remoteCatalog = () => parseCatalog(readFileSync(join(remote, 'catalog.jsonl'), 'utf8'));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file under a final backup name at the destination is complete: a local verified backup, byte for byte. */
async function assertNoPartialUnderFinalName(): Promise<void> {
  const localEntries = new Map((await readCatalog(local)).entries.map((e) => [e.file, e]));
  for (const f of readdirSync(join(remote, 'infra')).filter((x) => x.startsWith('etcd-'))) {
    const e = localEntries.get(`infra/${f}`);
    expect(e, `${f} is not a local backup`).toBeDefined();
    expect(statSync(join(remote, 'infra', f)).size).toBe(e!.storedBytes);
    expect(sha(join(remote, 'infra', f))).toBe(e!.sha256);
  }
}

describe.skipIf(!bins)('shipping to a real sshd', () => {
  it('uploads, checks size and sha256 on the server, renames, catalogues; list and verify see it', async () => {
    const backups = [await addLocalBackup(T0, 3 * MiB + 17), await addLocalBackup(T0 + 6 * HOUR, 5 * MiB), await addLocalBackup(T0 + 12 * HOUR, 1)];
    const { events, outcome } = await deliver(destination());
    expect(outcome).toMatchObject({ ok: true, shipped: backups.map((b) => b.file) });
    expect(events.find((e) => e.type === 'dest-open')).toMatchObject({ hostKey: sshd.hostKeyFingerprint, where: `sftp://root@127.0.0.1:${sshd.port}/${remote.slice(1)}` });
    expect(events.filter((e) => e.type === 'shipped').map((e) => (e as { checkedBy: string }).checkedBy)).toEqual(['sha256sum', 'sha256sum', 'sha256sum']);
    for (const b of backups) {
      expect(sha(join(remote, b.file))).toBe(b.sha256);
      expect(statSync(join(remote, b.file)).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(join(remote, 'infra')).sort()).toEqual(backups.map((b) => b.file.slice('infra/'.length)).sort()); // no temp file left
    expect(readdirSync(remote).sort()).toEqual(['catalog.jsonl', 'infra']); // and the destination lock released
    expect(remoteCatalog().entries.map((e) => [e.file, e.sha256, e.checkedBy])).toEqual(backups.map((b) => [b.file, b.sha256, 'sha256sum']));

    const store = await openDestination(destination(), { env: process.env, cwd: dir });
    try {
      expect((await listDestination(store)).rows.map((r) => [r.file, r.state])).toEqual([...backups].reverse().map((b) => [b.file, 'ok']));
      expect((await verifyDestination(store, {})).every((r) => r.ok && r.checkedBy === 'sha256sum')).toBe(true);
      // damage one copy at the destination: verify names it, list sees the size
      const victim = join(remote, backups[1]!.file);
      const bytes = readFileSync(victim);
      bytes[1000]! ^= 1;
      writeFileSync(victim, bytes);
      const checks = await verifyDestination(store, {});
      expect(checks.filter((r) => !r.ok).map((r) => [r.file, r.problems[0]])).toEqual([[backups[1]!.file, expect.stringMatching(/^sha256 differs from the catalog/)]]);
      truncateSync(victim, 100);
      const rows = (await listDestination(store)).rows;
      expect(rows.find((r) => r.file === backups[1]!.file)).toMatchObject({ state: 'corrupt', reason: `100 bytes there, ${5 * MiB} catalogued` });
    } finally {
      await store.close();
    }

    // the next run has nothing new to send
    const again = await deliver(destination());
    expect(again.outcome).toMatchObject({ ok: true, shipped: [] });
    expect(again.events.find((e) => e.type === 'ship-skipped')).toMatchObject({ reason: 'already there' });
  });

  it('an SFTP-only account (ForceCommand internal-sftp): sha256sum cannot run, the copy is read back instead', async () => {
    chownSync(remote, sshd.nobody.uid, sshd.nobody.gid);
    const b = await addLocalBackup(T0, 4 * MiB + 5);
    const { events, outcome } = await deliver(destination({ user: 'nobody' }));
    expect(outcome.ok).toBe(true);
    expect(events.find((e) => e.type === 'shipped')).toMatchObject({ checkedBy: 'read-back', adopted: false });
    expect(sha(join(remote, b.file))).toBe(b.sha256);
    expect(statSync(join(remote, b.file)).uid).toBe(sshd.nobody.uid);
  });

  it('retention per destination: its own policy, and never the newest verified copy there', async () => {
    const all = [];
    for (let i = 0; i < 5; i++) all.push(await addLocalBackup(T0 + i * 6 * HOUR, 1000 + i));
    const clock = { ...realClock, now: () => T0 + 25 * HOUR };
    const first = await deliver(destination({ retention: { keepLast: 2 } }), { clock });
    expect(first.outcome.removed).toEqual([all[2]!.file, all[1]!.file, all[0]!.file]);
    expect(readdirSync(join(remote, 'infra')).sort()).toEqual([all[3]!.file, all[4]!.file].map((f) => f.slice(6)).sort());

    // the newest copy there goes bad: it no longer counts, so the one before it is the newest
    // verified and stays, whatever keepLast says
    truncateSync(join(remote, all[4]!.file), 10);
    const more = await addLocalBackup(T0 + 30 * HOUR, 777);
    const second = await deliver(destination({ retention: { keepLast: 1 } }), { clock: { ...realClock, now: () => T0 + 31 * HOUR } });
    expect(second.outcome.shipped).toEqual([more.file]);
    expect(second.outcome.removed).toEqual([all[3]!.file]);
    const kept = second.events.find((e) => e.type === 'dest-retention');
    expect(kept).toMatchObject({ kept: 2 }); // the new newest, and the damaged one left for verify --dest

    // a destination whose copies are stale deletes nothing
    const stale = await deliver(destination({ retention: { keepLast: 1 } }), { clock: { ...realClock, now: () => T0 + 90 * 24 * HOUR } });
    expect(stale.outcome.removed).toEqual([]);
    expect(stale.events.find((e) => e.type === 'dest-retention')).toMatchObject({ stale: expect.stringMatching(/^backups are stale/) });
  });

  it('the connection killed at 10 moments of an upload: the next run completes, no partial file under a final name', { timeout: 240_000 }, async () => {
    const size = 24 * MiB + 123;
    const moments: { label: string; at: (step: ShipStep, bytes?: number) => boolean }[] = [
      { label: 'before the first byte', at: (s, b) => s === 'upload' && b === undefined },
      { label: 'after the first chunk', at: (s, b) => s === 'upload' && (b ?? 0) > 0 },
      ...[0.25, 0.5, 0.75, 0.95].map((f) => ({ label: `${f * 100}% sent`, at: (s: ShipStep, b?: number) => s === 'upload' && (b ?? 0) >= f * size })),
      { label: 'all sent, before the size check', at: (s: ShipStep) => s === 'uploaded' },
      { label: 'before the hash check', at: (s: ShipStep) => s === 'hashing' },
      { label: 'before the rename', at: (s: ShipStep) => s === 'renaming' },
      { label: 'after the rename, before the catalog', at: (s: ShipStep) => s === 'renamed' },
    ];
    expect(moments).toHaveLength(10);
    for (const [i, m] of moments.entries()) {
      const b = await addLocalBackup(T0 + i * HOUR, size);
      let killed = 0;
      const cut = await deliver(destination(), {
        onStep: async (_file, step, bytes) => {
          if (!killed && m.at(step, bytes)) killed = await sshd.killSessions();
        },
      });
      expect(killed, m.label).toBeGreaterThan(0);
      expect(cut.outcome.ok, m.label).toBe(false);
      expect(cut.outcome.error, m.label).toMatch(/connection|SFTP|closed/i);
      await assertNoPartialUnderFinalName();

      const next = await deliver(destination());
      expect(next.outcome, m.label).toMatchObject({ ok: true, shipped: [b.file] });
      await assertNoPartialUnderFinalName();
      expect(remoteCatalog().entries.map((e) => e.file), m.label).toContain(b.file);
      expect(readdirSync(join(remote, 'infra')).filter((f) => f.startsWith('.')), m.label).toEqual([]);
      if (m.label.startsWith('after the rename')) expect(next.events.find((e) => e.type === 'shipped'), m.label).toMatchObject({ adopted: true });
    }
    expect(remoteCatalog().entries).toHaveLength(10);
  });

  it('a changed host key is refused with the fingerprint; nothing is written there', async () => {
    await addLocalBackup(T0, 1000);
    const { outcome } = await deliver(destination({ knownHosts: sshd.changedKnownHostsFile }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('HOST KEY HAS CHANGED');
    expect(outcome.error).toContain(sshd.hostKeyFingerprint);
    expect(readdirSync(remote)).toEqual([]);

    writeFileSync(join(dir, 'empty_known_hosts'), '');
    const unknown = await deliver(destination({ knownHosts: join(dir, 'empty_known_hosts') }));
    expect(unknown.outcome.error).toMatch(/host key is not in .*fingerprint SHA256:/);
    expect(unknown.outcome.error).toContain(sshd.hostKeyFingerprint);
  });

  it('a read-only remote dir: a clear error naming the path, and the local backup intact', async () => {
    chmodSync(remote, 0o755); // owned by root: nobody may read, not write
    mkdirSync(join(remote, 'infra'), { mode: 0o755 });
    const b = await addLocalBackup(T0, 2 * MiB);
    const before = readFileSync(join(local, 'catalog.jsonl'), 'utf8');
    const { outcome } = await deliver(destination({ user: 'nobody' }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^backup-server: SFTP 127\.0\.0\.1:\d+: cannot create .*: permission denied$/);
    expect(outcome.hint).toContain('writable by nobody');
    expect(sha(join(local, b.file))).toBe(b.sha256);
    expect(readFileSync(join(local, 'catalog.jsonl'), 'utf8')).toBe(before);
    expect(readdirSync(join(remote, 'infra'))).toEqual([]);
  });
});
