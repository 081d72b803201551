/**
 * The lab for the etcd/backup integration tests: a twin of the healthy scenario, the talosctl
 * stand-in (control server + shim on PATH, talosconfig), and a plat.yaml pointing at both and at
 * a backup dir in the test's temp dir. Everything on 127.0.0.1, everything removed by close().
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startTalosControl, writeTalosconfig, writeTalosctlShim, type TalosControl } from '../../src/lab/talos/index.js';
import { loadScenario, Twin } from '../../src/lab/twin/index.js';
import { runPlat, type PlatRun } from '../support/plat.js';

export interface BackupLab {
  dir: string;
  twin: Twin;
  control: TalosControl;
  /** The shim's directory (first on PATH in `env`). */
  binDir: string;
  talosconfig: string;
  config: string;
  backupDir: string;
  env: NodeJS.ProcessEnv;
  plat(args: string[], opts?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<PlatRun>;
  close(): Promise<void>;
}

export interface BackupLabOptions {
  retention?: string;
  schedule?: string;
  /** Extra lines under `clusters[].` (e.g. `readOnly: true` for infra). */
  infraExtra?: string;
}

export async function startBackupLab(opts: BackupLabOptions = {}): Promise<BackupLab> {
  const dir = mkdtempSync(join(tmpdir(), 'plat-'));
  const twin = new Twin(loadScenario('healthy'));
  const control = await startTalosControl(twin, { dir });
  const binDir = join(dir, 'bin');
  writeTalosctlShim(binDir, control.url);
  const talosconfig = join(dir, 'talosconfig');
  writeTalosconfig(talosconfig, twin.clusters());
  const backupDir = join(dir, 'backups');
  mkdirSync(join(dir, 'state'), { recursive: true });
  const node = (n: string, ip: string) => `      - { name: ${n}, ip: ${ip}, role: controlplane }`;
  const config = join(dir, 'plat.yaml');
  writeFileSync(
    config,
    [
      `talosconfig: ${talosconfig}`,
      `stateDir: ${join(dir, 'state')}`,
      'clusters:',
      '  - name: infra',
      '    id: 1',
      ...(opts.infraExtra ? [`    ${opts.infraExtra}`] : []),
      '    nodes:',
      node('infra-01', '10.25.11.11'), node('infra-02', '10.25.11.12'), node('infra-03', '10.25.11.13'),
      '  - name: apps',
      '    id: 2',
      '    nodes:',
      node('apps-01', '10.25.11.14'), node('apps-02', '10.25.11.15'), node('apps-03', '10.25.11.16'),
      'backup:',
      `  dir: ${backupDir}`,
      `  schedule: "${opts.schedule ?? '0 */6 * * *'}"`,
      `  retention: ${opts.retention ?? '{ keepWithin: 24h, keepLast: 4 }'}`,
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { PATH: `${binDir}${delimiter}${process.env['PATH'] ?? ''}`, HOME: dir, TALOSCONFIG: talosconfig, PLAT_CONFIG: config, TZ: 'UTC' };
  return {
    dir, twin, control, binDir, talosconfig, config, backupDir, env,
    plat: (args, o = {}) => runPlat(args, { cwd: dir, env: { ...env, ...o.env }, timeoutMs: o.timeoutMs ?? 60_000 }),
    async close() {
      await control.close();
      twin.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
