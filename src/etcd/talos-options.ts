/**
 * The talosctl options for one cluster of plat.yaml (talosconfig path, context). Built here, not
 * through the fleet room, so `plat backup run` from cron does not load the Kubernetes client.
 */
import { expandHome, talosContextOf } from '../conventions/index.js';
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import type { TalosClientOptions } from '../talos/index.js';

export function talosOptionsFor(config: PlatConfig, cluster: ClusterConfig, env: NodeJS.ProcessEnv): TalosClientOptions {
  const opts: TalosClientOptions = { env, context: talosContextOf(cluster) };
  if (config.talosconfig) opts.talosconfig = expandHome(config.talosconfig, env);
  return opts;
}
