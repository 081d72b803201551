/**
 * Flux in the dashboard: a live panel over the Flux room's list+watch store (push, never re-listed
 * on a timer), the reconcile/suspend/resume actions as the dashboard's event stream, and the reads
 * the Flux detail makes on demand (the object's revisions and its Events). The Flux room is loaded
 * when the panel starts, so the first frame never waits for it.
 */
import type { ClusterConfig } from '../config/index.js';
import { UserError } from '../errors/index.js';
import type { KubeCluster } from '../kube/index.js';
import type { Clock } from '../lab/clock.js';
import type { FluxActionEvent, FluxWatch } from '../flux/index.js';
import type { LivePanel } from './live-store.js';
import type { FluxActionRequest, FluxObjectAddress, FluxObjectDetail } from './model.js';
import { errorReason } from './reason.js';

type FluxRoom = typeof import('../flux/index.js');
const fluxRoom = (): Promise<FluxRoom> => import('../flux/index.js');

export interface FluxPanelOptions {
  clusters: readonly ClusterConfig[];
  kubeFor(cluster: ClusterConfig): Promise<KubeCluster>;
  isReadOnly(cluster: ClusterConfig): boolean;
  clock: Clock;
  /**
   * Fewest ms between two changes told to the store (default 500). A busy Flux (thousands of
   * objects reconciling) sends watch events all the time; each told change costs a sort of every
   * row and a rebuild of the table, so they are coalesced here, leading edge first.
   */
  minIntervalMs?: number;
}

function clusterNamed(opts: FluxPanelOptions, name: string): ClusterConfig {
  const c = opts.clusters.find((x) => x.name === name);
  if (!c) throw new UserError(`cluster ${name} is not in plat.yaml (or not selected)`);
  return c;
}

export function fluxLivePanel(opts: FluxPanelOptions): LivePanel<'flux'> {
  const { clock } = opts;
  const interval = opts.minIntervalMs ?? 500;
  let watch: FluxWatch | undefined;
  let failed: string | undefined;
  let stopped = false;
  let timer: unknown;
  let told = -Infinity;
  return {
    key: 'flux',
    start(onChange) {
      const tell = () => {
        timer = undefined;
        told = clock.now();
        onChange();
      };
      const changed = () => {
        if (stopped || timer !== undefined) return;
        const wait = told + interval - clock.now();
        if (wait <= 0) tell();
        else timer = clock.setTimeout(tell, wait);
      };
      fluxRoom().then(
        (flux) => {
          if (stopped) return;
          watch = flux.watchFlux({ clusters: opts.clusters.map((c) => ({ name: c.name })), kubeFor: (name) => opts.kubeFor(clusterNamed(opts, name)), clock });
          watch.subscribe(changed);
          changed();
        },
        (e: unknown) => {
          failed = errorReason(e);
          onChange();
        },
      );
    },
    snapshot() {
      if (watch) return watch.snapshot();
      if (failed === undefined) return undefined;
      return { rows: [], clusters: opts.clusters.map((c) => ({ cluster: c.name, state: 'error' as const, error: `Flux could not be loaded: ${failed}`, kinds: [] })), version: 0 };
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      watch?.stop();
    },
  };
}

type DashboardEvent = { type: 'progress' | 'done' | 'error'; message: string };
const TYPE: Record<FluxActionEvent['type'], DashboardEvent['type']> = { progress: 'progress', blocked: 'progress', done: 'done', skipped: 'done', failed: 'error', timeout: 'error' };

/** One dashboard event per Flux event; a source reconciled first (--with-source) is named. */
function toDashboardEvent(e: FluxActionEvent, subject: string): DashboardEvent {
  const who = e.ref === subject ? '' : `${e.ref}: `;
  const hint = e.hint && (e.type === 'failed' || e.type === 'timeout') ? ` — ${e.hint}` : '';
  return { type: TYPE[e.type], message: `${who}${e.message}${hint}` };
}

export interface FluxSessionActions {
  run(req: FluxActionRequest): AsyncIterable<DashboardEvent>;
  detail(obj: FluxObjectAddress): Promise<FluxObjectDetail>;
}

export function fluxSessionActions(opts: FluxPanelOptions): FluxSessionActions {
  return {
    async *run(req) {
      try {
        const flux = await fluxRoom();
        const cluster = clusterNamed(opts, req.cluster);
        const ref = { kind: req.kind, namespace: req.namespace, name: req.name };
        const shown = flux.shortRef(ref);
        // The dashboard hides these keys when read-only; the gate stays for anything that calls run().
        flux.checkFluxActionGate({ action: req.action, cluster: cluster.name, readOnly: opts.isReadOnly(cluster), what: shown });
        const kube = await opts.kubeFor(cluster);
        const got = await flux.getFluxObject(kube, ref.kind, ref.namespace, ref.name);
        if (!got?.object) throw new UserError(`${shown} no longer exists in cluster ${cluster.name}`);
        const base = { cluster: cluster.name, kube, served: got.served, clock: opts.clock };
        if (req.action === 'reconcile') flux.checkReconcilable(ref.kind, got.object, { cluster: cluster.name });
        const events = req.action === 'reconcile' ? flux.reconcileFlux({ ...base, object: got.object, withSource: req.withSource === true }) : flux.suspendFlux({ ...base, action: req.action, objects: [got.object] });
        for await (const e of events) yield toDashboardEvent(e, shown);
      } catch (e) {
        const hint = (e as { hint?: unknown }).hint;
        yield { type: 'error', message: `${errorReason(e)}${typeof hint === 'string' ? ` — ${hint}` : ''}` };
      }
    },
    async detail(obj) {
      const flux = await fluxRoom();
      const kube = await opts.kubeFor(clusterNamed(opts, obj.cluster));
      const ref = { kind: obj.kind, namespace: obj.namespace, name: obj.name };
      const [got, events] = await Promise.all([flux.getFluxObject(kube, ref.kind, ref.namespace, ref.name), flux.fluxEvents(kube, ref)]);
      return { revisions: got?.object ? flux.fluxRevisions(obj.kind, got.object) : [], events };
    },
  };
}
