/**
 * `talosctl health` in server mode (the default): the node given with -n runs the checks in the
 * order of pkg/cluster/check/default.go and streams one line per status change to stderr
 * (talos.md §4.2): `waiting for <check>: ...`, then the error text while failing, then `OK`.
 * Checks poll every 5 s (30 s for "all k8s nodes to report") on the twin's clock; up to v1.12
 * each check had its own timeout, so a run can fail before --wait-timeout.
 */
import type { Clock } from '../clock.js';
import type { TwinCluster, TwinNode } from '../twin/index.js';
import { flagValue } from './cobra.js';
import { goQuoteList } from './go-format.js';
import { endpointError, multiError, reachError, RpcError, singleNode, TalosctlError, versionParts, type Session } from './session.js';

type Check = { name: string; poll: number; timeout: number; run: () => string | undefined | 'SKIP' };

const MIN = 60_000;

function parseDuration(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) ms += Number(m[1]) * { h: 3_600_000, m: MIN, s: 1000, ms: 1 }[m[2] as 'h' | 'm' | 's' | 'ms'];
  return ms;
}

export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const h = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clock.clearTimeout(h);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checks(s: Session, c: TwinCluster, perCheckTimeouts: boolean): Check[] {
  const twin = s.twin;
  const cps = c.nodes.filter((n) => n.role === 'controlplane');
  const each = (nodes: TwinNode[], fn: (n: TwinNode) => string | undefined) => {
    const errs = nodes.map((n) => reachError(twin, n.ip, n)?.message ?? fn(n)).map((e, i) => (e ? `${nodes[i]!.ip}: ${e}` : undefined)).filter((e): e is string => !!e);
    return errs.length ? multiError(errs) : undefined;
  };
  const service = (id: string) => (n: TwinNode) => {
    const svc = n.services.find((x) => x.id === id);
    return svc?.state === 'Running' && svc.health !== 'Fail' ? undefined : `service "${id}" not in expected state "Running": current state [${svc?.state ?? 'Unknown'}] ${svc?.events.at(-1)?.msg ?? ''}`.trimEnd();
  };
  const notReady = () => c.nodes.filter((n) => n.kubeReady !== 'True').map((n) => n.name);
  const t = (ms: number) => (perCheckTimeouts ? ms : Infinity);
  return [
    { name: 'etcd to be healthy', poll: 5000, timeout: t(5 * MIN), run: () => each(cps, service('etcd')) },
    { name: 'etcd members to be consistent across nodes', poll: 5000, timeout: t(5 * MIN), run: () => each(cps, () => undefined) },
    { name: 'etcd members to be control plane nodes', poll: 5000, timeout: t(5 * MIN), run: () => undefined },
    { name: 'apid to be ready', poll: 5000, timeout: t(5 * MIN), run: () => each(c.nodes, () => undefined) },
    { name: 'all nodes memory sizes', poll: 5000, timeout: t(5 * MIN), run: () => undefined },
    { name: 'all nodes disk sizes', poll: 5000, timeout: t(5 * MIN), run: () => undefined },
    { name: 'no diagnostics', poll: 5000, timeout: t(MIN), run: () => undefined },
    { name: 'kubelet to be healthy', poll: 5000, timeout: t(5 * MIN), run: () => each(c.nodes, service('kubelet')) },
    { name: 'all nodes to finish boot sequence', poll: 5000, timeout: t(5 * MIN), run: () => each(c.nodes, (n) => (n.stage === 'running' ? undefined : `node is not running: stage ${n.stage}`)) },
    { name: 'all k8s nodes to report', poll: 30_000, timeout: t(5 * MIN), run: () => undefined },
    { name: 'all control plane static pods to be running', poll: 5000, timeout: t(5 * MIN), run: () => undefined },
    {
      name: 'all control plane components to be ready',
      poll: 5000,
      timeout: t(5 * MIN),
      run: () => {
        const ready = cps.filter((n) => n.kubeReady === 'True').length;
        return ready === cps.length ? undefined : `expected number of pods for kube-apiserver to be ${cps.length}, got ${ready}`;
      },
    },
    { name: 'all k8s nodes to report ready', poll: 5000, timeout: t(10 * MIN), run: () => (notReady().length ? `some nodes are not ready: [${notReady().join(' ')}]` : undefined) },
    // Cilium replaces kube-proxy on this platform: the check is skipped
    { name: 'kube-proxy to report ready', poll: 5000, timeout: t(5 * MIN), run: () => 'SKIP' },
    { name: 'coredns to report ready', poll: 5000, timeout: t(5 * MIN), run: () => undefined },
    {
      name: 'all k8s nodes to report schedulable',
      poll: 5000,
      timeout: t(5 * MIN),
      run: () => {
        const cordoned = c.nodes.filter((n) => n.cordoned).map((n) => n.name);
        return cordoned.length ? `some nodes are not schedulable: [${cordoned.join(' ')}]` : undefined;
      },
    },
  ];
}

export async function runHealth(s: Session): Promise<void> {
  const t = singleNode(s, 'health');
  const err = endpointError(s) ?? reachError(s.twin, t.label, t.node);
  if (err) throw new TalosctlError(err.message);
  const node = t.node!;
  const cluster = s.twin.clusterOf(node);
  const started = s.clock.now();
  const deadline = started + parseDuration(flagValue(s.parsed, 'wait-timeout', '20m0s') as string);
  const line = (text: string) => s.sink.err(`${text}\n`);
  line(`discovered nodes: ${goQuoteList(cluster.nodes.map((n) => n.ip))}`);
  // per-check timeouts existed up to v1.12 (removed in v1.13, commit e5aca71cd); the node decides
  const perCheck = versionParts(node.talosVersion)[1] <= 12 && versionParts(node.talosVersion)[0] === 1;
  for (const check of checks(s, cluster, perCheck)) {
    line(`waiting for ${check.name}: ...`);
    const checkStart = s.clock.now();
    let last = '';
    for (;;) {
      const res = check.run();
      if (res === undefined || res === 'SKIP') {
        line(`waiting for ${check.name}: ${res ?? 'OK'}`);
        break;
      }
      if (res !== last) line(`waiting for ${check.name}: ${res}`);
      last = res;
      const next = s.clock.now() + check.poll;
      if (next > deadline || next - checkStart > check.timeout) throw new TalosctlError(new RpcError('DeadlineExceeded', 'context deadline exceeded').message);
      await sleep(s.clock, check.poll, s.signal);
    }
  }
}
