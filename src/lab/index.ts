/**
 * The lab: the platform of DESIGN.md simulated at the process boundary, so plat's real adapters run
 * unchanged against it. startLab wires the twin to one Kubernetes API server per cluster (with the
 * Flux simulator), the router stand-in behind SSH, and the talosctl control server + shim, then
 * writes what any tool needs to use it: kubeconfig, talosconfig, bin/talosctl, an SSH identity and
 * known_hosts for the router, a matching plat.yaml, and lab.json.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { realClock, type Clock } from './clock.js';
import { createObjectStore, labResourceTypes, startKubeApiServer, writeKubeconfig, type KubeApiServer } from './kube-api/index.js';
import { Twin, loadScenario, type TwinTimings } from './twin/index.js';
import { startTalosControl, writeTalosconfig, writeTalosctlShim, type TalosControl } from './talos/index.js';
import { takeLabBackups } from './lab-backups.js';
import { startRouterStandIn, type RouterStandIn } from './router/index.js';
import { generateEd25519KeyPair } from '../ssh/index.js';
import { buildClusterFluxObjects, fluxTargetsOf, fluxTreeOf, startClusterFlux, wireFluxFaults, type ClusterFlux } from './flux-wiring.js';
import { labPlatYaml } from './plat-yaml.js';

export interface LabOptions {
  scenario?: string;
  /** Where to write the lab's files; a fresh temp dir (removed on stop) when absent. */
  dir?: string;
  clock?: Clock;
  timings?: Partial<TwinTimings>;
  reconcileDelayMs?: number;
}

export interface LabEnv {
  KUBECONFIG: string;
  TALOSCONFIG: string;
  PATH: string;
  PLAT_CONFIG: string;
  PLAT_LAB_DIR: string;
}

export interface Lab {
  dir: string;
  scenario: string;
  env: LabEnv;
  twin: Twin;
  kube: Map<string, KubeApiServer>;
  flux: Map<string, ClusterFlux>;
  router: RouterStandIn;
  control: TalosControl;
  /**
   * One verified backup per cluster through plat's own pipeline, as on a platform whose backup job
   * runs (lab-backups.ts); what could not be taken, one line per cluster. Stamped by the lab's
   * clock, which plat's commands compare with the real time: a ManualClock far from it makes them
   * look taken in the future.
   */
  takeBackups(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const clock = opts.clock ?? realClock;
  const scenario = loadScenario(opts.scenario ?? 'healthy');
  const ownDir = !opts.dir;
  const dir = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'platlab-'));
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const cleanups: (() => unknown)[] = [];
  try {
    // Flux objects first: the twin checks flux-failing targets against them.
    const fluxObjects = new Map(scenario.clusters.map((c, i) => [c.name, buildClusterFluxObjects(fluxTreeOf(c.flux, `${scenario.source}: clusters[${i}].flux`), clock.now())]));
    const targets = [...fluxObjects.values()].flatMap((objs) => fluxTargetsOf(objs));
    const twin = new Twin(scenario, { clock, ...(opts.timings ? { timings: opts.timings } : {}), fluxTargets: () => targets });
    cleanups.push(() => twin.dispose());

    const token = `lab-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    const kube = new Map<string, KubeApiServer>();
    const flux = new Map<string, ClusterFlux>();
    for (const c of twin.clusters()) {
      const store = createObjectStore(labResourceTypes, { clock });
      const server = await startKubeApiServer({ store, clusterName: c.name, token, clock, kubernetesVersion: c.kubernetesVersion });
      cleanups.push(() => server.close());
      // An upgrade-k8s in the twin moves what the API server reports at /version, as on a real cluster.
      cleanups.push(twin.onChange((ch) => ch.kind === 'cluster' && ch.cluster === c.name && ch.what.startsWith('kubernetes ') && server.setKubernetesVersion(twin.cluster(c.name)!.kubernetesVersion)));
      kube.set(c.name, server);
      cleanups.push(twin.attachKube(c.name, store));
      const cf = startClusterFlux(store, fluxObjects.get(c.name) ?? [], clock, opts.reconcileDelayMs);
      cleanups.push(() => cf.sim.stop());
      flux.set(c.name, cf);
    }
    cleanups.push(wireFluxFaults(twin, [...flux.values()]));

    const clientKey = generateEd25519KeyPair({ comment: 'plat-lab' });
    const router = await startRouterStandIn({ model: twin.routerModel(), authorizedKeys: [clientKey.public], user: 'plat', flavor: 'frr' });
    cleanups.push(() => router.close());
    const control = await startTalosControl(twin, { dir });
    cleanups.push(() => control.close());

    const paths = {
      kubeconfig: join(dir, 'kubeconfig'),
      talosconfig: join(dir, 'talosconfig'),
      identity: join(dir, 'router_ed25519'),
      knownHosts: join(dir, 'known_hosts'),
      platYaml: join(dir, 'plat.yaml'),
    };
    writeTalosctlShim(join(dir, 'bin'), control.url);
    const clusters = twin.clusters();
    writeTalosconfig(paths.talosconfig, clusters, clusters[0]?.name);
    writeKubeconfig(paths.kubeconfig, clusters.map((c) => ({ name: c.name, url: kube.get(c.name)!.url, token, ...(kube.get(c.name)!.caData ? { caData: kube.get(c.name)!.caData! } : {}) })), clusters[0]?.name ?? '');
    writeFileSync(paths.identity, clientKey.private, { mode: 0o600 });
    chmodSync(paths.identity, 0o600);
    writeFileSync(paths.knownHosts, `${router.knownHostsLine()}\n`, { mode: 0o600 });
    writeFileSync(paths.platYaml, labPlatYaml({ scenario, clusters, paths, router, backupDir: join(dir, 'backups'), stateDir: join(dir, 'state') }));

    const env: LabEnv = {
      KUBECONFIG: paths.kubeconfig,
      TALOSCONFIG: paths.talosconfig,
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      PLAT_CONFIG: paths.platYaml,
      PLAT_LAB_DIR: dir,
    };
    writeFileSync(join(dir, 'lab.json'), JSON.stringify({ pid: process.pid, scenario: scenario.name, controlUrl: control.url, env }, null, 2) + '\n', { mode: 0o600 });

    let stopped = false;
    return {
      dir,
      scenario: scenario.name,
      env,
      twin,
      kube,
      flux,
      router,
      control,
      takeBackups: () => takeLabBackups(paths.platYaml, { ...process.env, ...env }, clock),
      async stop() {
        if (stopped) return;
        stopped = true;
        await runCleanups(cleanups);
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await runCleanups(cleanups);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function runCleanups(cleanups: (() => unknown)[]): Promise<void> {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      /* keep stopping the rest */
    }
  }
}

export { labFault, labControlUrl } from './lab-control.js';
export { freePort } from './free-port.js';
export type { Clock } from './clock.js';
export { realClock, ManualClock } from './clock.js';
