/**
 * A lab whose backup job has run: one verified backup per cluster, taken at start through plat's
 * own pipeline (`talosctl etcd snapshot` from the lab's talosctl, verified, compressed and
 * catalogued as `plat backup run` does). `plat demo` and `plat lab up` ask for it, so a healthy
 * scenario is healthy on the Overview too; tests ask for it when they need that.
 */
import type { Clock } from './clock.js';

export async function takeLabBackups(platYaml: string, env: NodeJS.ProcessEnv, clock: Clock): Promise<void> {
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
  const failed = step.value.clusters.filter((c) => !c.ok);
  if (failed.length) throw new Error(`the lab's backup at start failed: ${failed.map((c) => `${c.cluster}: ${c.error ?? `exit ${c.exitCode}`}`).join('; ')}`);
}
