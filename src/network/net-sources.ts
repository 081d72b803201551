/**
 * The clients the network views read through, built from plat.yaml: one TalosClient and one
 * KubeCluster per cluster (same context defaults as the fleet's sources, so the same method names
 * let the dashboard pass its own), and one RouterSource for the router. Clients are created on
 * first use and cached; `close()` ends the router's SSH connection.
 */
import { expandHome, kubeContextOf, talosContextOf } from '../conventions/index.js';
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { kubeClusterCache, type KubeCluster } from '../kube/index.js';
import type { Clock } from '../lab/clock.js';
import type { TalosClient, TalosClientOptions } from '../talos/index.js';
import type { BondTalos } from './bond/bond-source.js';
import { RouterSource } from './router/router-source.js';

export interface NetSources {
  talosClient(cluster: ClusterConfig): BondTalos;
  kubeCluster(cluster: ClusterConfig): Promise<KubeCluster>;
  /** Undefined when plat.yaml has no `router`. */
  router?: RouterSource;
  close(): Promise<void>;
}


export function netSources(config: PlatConfig, env: NodeJS.ProcessEnv, opts: { clock?: Clock } = {}): NetSources {
  const talos = new Map<string, BondTalos>();
  const talosconfig = config.talosconfig ? expandHome(config.talosconfig, env) : undefined;
  const kubeconfigPath = config.kubeconfig ? expandHome(config.kubeconfig, env) : undefined;
  const openKube = kubeClusterCache(kubeconfigPath);
  const router = config.router ? new RouterSource(config.router, { env, ...(opts.clock ? { clock: opts.clock } : {}) }) : undefined;
  return {
    talosClient(c) {
      let t = talos.get(c.name);
      if (!t) {
        t = lazyTalos({ ...(talosconfig ? { talosconfig } : {}), context: talosContextOf(c), env, ...(env['PLAT_TALOSCTL'] ? { bin: env['PLAT_TALOSCTL'] } : {}) });
        talos.set(c.name, t);
      }
      return t;
    },
    kubeCluster: (c) => openKube(kubeContextOf(c)),
    ...(router ? { router } : {}),
    async close() {
      await router?.close();
    },
  };
}

/** The talos room (and execa) load only when a view asks talosctl something: `net bgp` never does. */
function lazyTalos(opts: TalosClientOptions): BondTalos {
  let client: Promise<TalosClient> | undefined;
  const load = () => (client ??= import('../talos/index.js').then((m) => new m.TalosClient(opts)));
  return {
    get: async (...a) => (await load()).get(...a),
    read: async (...a) => (await load()).read(...a),
    version: async (...a) => (await load()).version(...a),
  };
}
