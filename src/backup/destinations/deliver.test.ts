/**
 * Delivery to a local-directory destination (the SFTP kind is exercised against a real sshd in
 * test/integration/backup-offsite.test.ts): leftovers of cut uploads, the destination lock, a
 * file already under a final name (adopted when its hash matches, never overwritten otherwise),
 * and a local file that changed since it was verified.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lab/clock.js';
import { appendCatalog } from '../catalog-file.js';
import type { CatalogEntry } from '../catalog.js';
import { deliverToDestination } from './deliver.js';
import type { DestinationOutcome } from './events.js';
import { localDestination } from './local.js';
import { DESTINATION_LOCK } from './lock.js';
import type { DestinationConfig } from './store.js';

let dir: string;
let local: string;
let usb: string;
const clock = new ManualClock(Date.parse('2026-11-27T12:00:00Z'));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plat-'));
  local = join(dir, 'local');
  usb = join(dir, 'usb');
  mkdirSync(join(local, 'infra'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dest: DestinationConfig = { name: 'usb', type: 'local', dir: '', every: 'run', retention: { keepLast: 5 } };

async function backup(stamp: string, data = randomBytes(5000)): Promise<CatalogEntry> {
  const file = `infra/etcd-infra-${stamp}-rev1.db.gz`;
  writeFileSync(join(local, file), data);
  const e = {
    v: 1, cluster: 'infra', file, takenAt: `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
    node: 'infra-01', nodeAddress: '10.25.11.11', storedBytes: data.length, snapshotBytes: data.length, sha256: createHash('sha256').update(data).digest('hex'),
    trailerSha256: 'x', pageSize: 4096, pgid: 1, txid: 1, compression: 'gzip', verified: true, platVersion: 'test',
  } satisfies CatalogEntry;
  await appendCatalog(local, [e]);
  return e;
}

async function deliver(pid = 4242): Promise<{ types: string[]; outcome: DestinationOutcome; events: Record<string, unknown>[] }> {
  const gen = deliverToDestination({
    destination: dest, open: async () => localDestination('usb', usb), localDir: local, clusters: ['infra'], timezone: 'UTC',
    scheduleStaleAfterMs: 12 * 3_600_000, clock, host: 'here', pid, command: 'test',
  });
  const events: Record<string, unknown>[] = [];
  let step = await gen.next();
  while (!step.done) {
    events.push(step.value);
    step = await gen.next();
  }
  return { types: events.map((e) => e.type as string), outcome: step.value, events };
}

describe('delivery to a local directory', () => {
  it('removes leftovers of cut uploads, ships, catalogues, releases its lock', async () => {
    const b = await backup('20261127T110000Z');
    mkdirSync(join(usb, 'infra'), { recursive: true });
    writeFileSync(join(usb, 'infra', '.etcd-infra-20261127T050000Z-rev1.db.gz.0badc0de.upload'), 'partial');
    writeFileSync(join(usb, 'catalog.jsonl.999.tmp'), 'partial');
    const { types, outcome, events } = await deliver();
    expect(types).toEqual(['dest-open', 'dest-cleanup', 'ship-start', 'shipped', 'dest-retention', 'dest-done']);
    expect(events[1]).toMatchObject({ removed: ['catalog.jsonl.999.tmp', 'infra/.etcd-infra-20261127T050000Z-rev1.db.gz.0badc0de.upload'] });
    expect(outcome).toMatchObject({ ok: true, shipped: [b.file] });
    expect(readdirSync(join(usb, 'infra'))).toEqual([b.file.slice(6)]);
    expect(readdirSync(usb).sort()).toEqual(['catalog.jsonl', 'infra']);
  });

  it('another live run holding the destination lock: this destination fails with its holder named', async () => {
    await backup('20261127T110000Z');
    mkdirSync(usb);
    writeFileSync(join(usb, DESTINATION_LOCK), JSON.stringify({ host: 'other-host', pid: 1, startedAt: new Date(clock.now() - 60_000).toISOString(), command: 'plat backup run' }));
    const { outcome } = await deliver();
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/^usb: another plat run is shipping to .* \(pid 1 on other-host since/) });
    // an old lock is taken over
    clock.advance(3 * 3_600_000);
    const later = await deliver();
    expect(later.outcome.ok).toBe(true);
    expect(later.events[0]).toMatchObject({ type: 'dest-open', tookOver: expect.stringContaining('other-host') });
  });

  it('a complete copy already under the final name is adopted; other content there is never overwritten', async () => {
    const b = await backup('20261127T110000Z');
    mkdirSync(join(usb, 'infra'), { recursive: true });
    writeFileSync(join(usb, b.file), readFileSync(join(local, b.file)));
    const adopted = await deliver();
    expect(adopted.events.find((e) => e.type === 'shipped')).toMatchObject({ adopted: true, checkedBy: 'local' });

    const c = await backup('20261127T120000Z');
    writeFileSync(join(usb, c.file), 'something else');
    const refused = await deliver();
    expect(refused.outcome).toMatchObject({ ok: false, error: expect.stringMatching(/^usb: infra\/etcd-infra-20261127T120000Z-rev1\.db\.gz already exists at .* with other content \(14 bytes\); not overwriting it$/) });
    expect(readFileSync(join(usb, c.file), 'utf8')).toBe('something else');
  });

  it('a local file that changed since it was verified is not shipped, and nothing is left there', async () => {
    const b = await backup('20261127T110000Z');
    writeFileSync(join(local, b.file), randomBytes(5000));
    const { outcome } = await deliver();
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/the local file changed since it was verified/) });
    expect(readdirSync(join(usb, 'infra'))).toEqual([]);
  });
});
