/**
 * A lab whose backup job has run: one verified backup per cluster, taken through plat's own
 * pipeline (`talosctl etcd snapshot` from the lab's talosctl, verified, compressed and catalogued
 * as `plat backup run` does). `plat demo` and `plat lab up` take it once the lab is up, so a
 * healthy scenario is healthy on the Overview too; tests take it when they need that. A cluster
 * whose backup fails (its etcd down in the scenario) is named in what is returned, and its run
 * is recorded in status.json as any failed run is: the Overview then says why.
 */
import type { Clock } from './clock.js';

export async function takeLabBackups(platYaml: string, env: NodeJS.ProcessEnv, clock: Clock): Promise<string[]> {
  const [{ loadConfig }, { expandHome }, backup, { TalosClient }, { talosOptionsFor }] = await Promise.all([
    import('../config/index.js'),
    import('../conventions/index.js'),
    import('../backup/index.js'),
    import('../talos/index.js'),
    import('../etcd/index.js'),
  ]);
  const { config } = loadConfig({ flag: platYaml, env, cwd: process.cwd() });
  const b = config.backup;
  const run = backup.runBackup({
    dir: expandHome(b.dir, env), clusters: config.clusters, compression: b.compression, retention: b.retention, schedule: b.schedule, timezone: b.timezone,
    talosFor: (c) => new TalosClient(talosOptionsFor(config, c, env)),
    clock, limits: backup.DEFAULT_LIMITS, retryDelayMs: 0, platVersion: 'lab', command: 'plat lab (a backup at start)',
  });
  let step = await run.next();
  while (!step.done) step = await run.next();
  return step.value.clusters.filter((c) => !c.ok).map((c) => c.error ?? `${c.cluster}: the backup exited ${c.exitCode}`);
}
