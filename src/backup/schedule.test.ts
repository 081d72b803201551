import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireBinaries } from '../../test/support/real.js';
import { backupFileName, isWorkFile, parseBackupFileName, partName, stagingName } from './names.js';
import { crontabLine, onCalendar, scheduleInfo, systemdUnits } from './schedule.js';
import { parseCatalog, serializeCatalog, type CatalogEntry } from './catalog.js';

const iso = (ms: number) => new Date(ms).toISOString();
const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('schedule', () => {
  it('the default every-6-hours schedule: interval, stale limit, next runs', () => {
    const s = scheduleInfo('0 */6 * * *', 'UTC', NOW);
    expect(s.intervalMs).toBe(6 * 3_600_000);
    expect(s.staleAfterMs).toBe(12 * 3_600_000);
    expect(iso(s.previous)).toBe('2026-11-27T12:00:00.000Z'); // due exactly now
    expect(s.next.map(iso)).toEqual(['2026-11-27T18:00:00.000Z', '2026-11-28T00:00:00.000Z', '2026-11-28T06:00:00.000Z', '2026-11-28T12:00:00.000Z', '2026-11-28T18:00:00.000Z']);
  });

  it('a weekday schedule over a weekend: the interval is the gap around now', () => {
    const s = scheduleInfo('30 2 * * 1-5', 'Europe/Berlin', Date.parse('2026-11-28T12:00:00Z'));
    expect(s.intervalMs).toBe(72 * 3_600_000);
    expect(iso(s.next[0]!)).toBe('2026-11-30T01:30:00.000Z');
  });

  it('a bad expression is a usage error naming the setting', () => {
    expect(() => scheduleInfo('61 * * * *', 'UTC', NOW)).toThrow(/backup\.schedule "61 \* \* \* \*" is not a valid cron expression/);
  });

  it('crontab: quoted command, % escaped, CRON_TZ', () => {
    expect(crontabLine('0 */6 * * *', 'UTC', ['/usr/bin/node', '/opt/plat dir/bin/plat.js', 'backup', 'run', '--config', '/etc/plat/100%.yaml'], '/var/log/plat backup.log')).toBe(
      '# plat etcd backup — schedule "0 */6 * * *" in UTC\nCRON_TZ=UTC\n' +
        "0 */6 * * * /usr/bin/node '/opt/plat dir/bin/plat.js' backup run --config '/etc/plat/100\\%.yaml' >>'/var/log/plat backup.log' 2>&1\n",
    );
  });

  it('systemd OnCalendar: lists, ranges, weekday names, cron day OR, refused specials', () => {
    expect(onCalendar('0 */6 * * *', 'UTC')).toEqual(['*-*-* 00,06,12,18:00:00 UTC']);
    expect(onCalendar('30 2 * * 1-5', 'Europe/Berlin')).toEqual(['Mon..Fri *-*-* 02:30:00 Europe/Berlin']);
    expect(onCalendar('0 3 1,15 * sun', 'UTC')).toEqual(['*-*-01,15 03:00:00 UTC', 'Sun *-*-* 03:00:00 UTC']);
    expect(onCalendar('15 4 * jul-sep 0,6', 'UTC')).toEqual(['Sat,Sun *-07..09-* 04:15:00 UTC']);
    expect(() => onCalendar('0 0 L * *', 'UTC')).toThrow(/uses L, W, # or H/);
    expect(() => onCalendar('0 0 * * 1#2', 'UTC')).toThrow(/uses L, W, # or H/);
    const u = systemdUnits('0 */6 * * *', 'UTC', ['/usr/bin/node', '/opt/plat/bin/plat.js', 'backup', 'run']);
    expect(u.service).toContain('ExecStart=/usr/bin/node /opt/plat/bin/plat.js backup run\n');
    expect(u.timer).toContain('OnCalendar=*-*-* 00,06,12,18:00:00 UTC\nPersistent=true\nUnit=plat-backup.service\n');
  });

  const bins = requireBinaries(['systemd-analyze'], 'OnCalendar cross-check with systemd');
  it.skipIf(!bins)('systemd-analyze agrees with cron-parser on the next runs', () => {
    for (const [expr, tz] of [['0 */6 * * *', 'UTC'], ['30 2 * * 1-5', 'Europe/Berlin'], ['15 4 * jul-sep 0,6', 'UTC'], ['*/20 1-3 * * *', 'America/New_York']] as const) {
      const want = scheduleInfo(expr, tz, NOW, 6).next;
      for (const cal of onCalendar(expr, tz)) {
        const out = execFileSync(bins!['systemd-analyze']!, ['calendar', '--iterations=6', `--base-time=@${NOW / 1000}`, cal], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } }).toString();
        const got = [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w{3} (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) UTC/g)].map((m) => Date.parse(`${m[1]!.replace(' ', 'T')}Z`));
        expect(got.length, out).toBe(6);
        for (const g of got) expect(want.includes(g) || g > want[want.length - 1]!, `${expr} → ${cal}: ${iso(g)}`).toBe(true);
      }
    }
  });
});

describe('backup names', () => {
  it('round-trips and rejects look-alikes', () => {
    const n = backupFileName({ cluster: 'apps-2', takenAt: Date.parse('2026-11-27T06:00:07.123Z'), revision: 4193, compression: 'gzip' });
    expect(n).toBe('etcd-apps-2-20261127T060007Z-rev4193.db.gz');
    expect(parseBackupFileName(n)).toEqual({ cluster: 'apps-2', takenAt: Date.parse('2026-11-27T06:00:07Z'), revision: 4193, compression: 'gzip' });
    expect(parseBackupFileName('etcd-infra-20261127T060007Z-revunknown.db')).toEqual({ cluster: 'infra', takenAt: Date.parse('2026-11-27T06:00:07Z'), compression: 'none' });
    for (const bad of ['etcd-infra-20261327T060007Z-rev1.db.gz', 'etcd-infra-2026-11-27-rev1.db', '.etcd-infra-20261127T060007Z-rev1.db.gz.77.part', 'etcd--20261127T060007Z-rev1.db']) expect(parseBackupFileName(bad), bad).toBeUndefined();
    expect(isWorkFile(partName(n, 77))).toBe(true);
    expect(isWorkFile(stagingName(NOW, 77))).toBe(true);
    expect(isWorkFile(`${stagingName(NOW, 77)}.part`)).toBe(true);
    expect(isWorkFile(n)).toBe(false);
  });
});

describe('catalog lines', () => {
  const entry: CatalogEntry = {
    v: 1, cluster: 'infra', file: 'infra/etcd-infra-20261127T120000Z-rev9.db.gz', takenAt: '2026-11-27T12:00:00.000Z', node: 'infra-02', nodeAddress: '10.25.11.12',
    storedBytes: 900, snapshotBytes: 20512, sha256: 'a'.repeat(64), trailerSha256: 'b'.repeat(64), revision: 9, pageSize: 4096, pgid: 5, txid: 9,
    compression: 'gzip', verified: true, platVersion: '0.1.0',
  };
  it('round-trips; a damaged line is reported with its number and the rest still count', () => {
    const text = `${serializeCatalog([entry])}{"cluster":"infra","fi\n${JSON.stringify({ ...entry, takenAt: 'yesterday' })}\n{"cluster":"x"}\n${serializeCatalog([entry])}`;
    const { entries, problems } = parseCatalog(text);
    expect(entries).toEqual([entry, entry]);
    expect(problems).toEqual([
      { line: 2, message: 'not valid JSON' },
      { line: 3, message: 'takenAt "yesterday" is not a time' },
      { line: 4, message: 'missing file, takenAt, storedBytes, snapshotBytes, sha256, trailerSha256, compression' },
    ]);
  });
});
