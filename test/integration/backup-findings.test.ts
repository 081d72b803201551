/**
 * Stale backups on the Overview's terms: `plat status` on a lab whose backup job never ran warns
 * per cluster (exit 3), only for the clusters asked about, and is healthy once a backup is taken
 * through plat's own pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { runPlat } from '../support/plat.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy' });
});
afterAll(async () => {
  await lab?.stop();
});

const status = async (...args: string[]) => {
  const r = await runPlat(['status', '-o', 'json', ...args], { env: { ...lab.env, HOME: lab.dir } });
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: { rule: string; cluster: string; what: string; action: string }[] }).findings };
};

describe('backup findings', { timeout: 120_000 }, () => {
  it('no backup yet: a warning per cluster asked about (exit 3); after a backup, healthy (exit 0)', async () => {
    const none = await status();
    expect(none.code).toBe(3);
    expect(none.findings.map((f) => [f.rule, f.cluster, f.what])).toEqual([
      ['backup.none', 'apps', 'no verified etcd backup of apps'],
      ['backup.none', 'infra', 'no verified etcd backup of infra'],
    ]);
    expect(none.findings[0]!.action).toBe('take one now: plat backup run --cluster apps; then install the schedule: plat backup schedule --emit crontab (or systemd, cronjob)');
    const apps = await status('--cluster', 'apps');
    expect(apps.findings.map((f) => f.cluster)).toEqual(['apps']);

    expect(await lab.takeBackups()).toEqual([]);
    const after = await status();
    expect([after.code, after.findings]).toEqual([0, []]);
  });
});
