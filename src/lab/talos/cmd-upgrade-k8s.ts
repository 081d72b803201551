/**
 * `talosctl upgrade-k8s --to X`: plain progress lines on stdout (talos.md §5.4, v1.12 wording:
 * upgrade-k8s-head-v1.12.7.txt, upgrade-k8s-controller-manager-v1.12.7.txt). Control-plane
 * components move first, then kubelets node by node on the twin's clock.
 */
import { flagValue } from './cobra.js';
import { sleep } from './cmd-health.js';
import { goQuoteList } from './go-format.js';
import { endpointError, reachError, singleNode, TalosctlError, versionParts, type Session } from './session.js';

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;

export async function runUpgradeK8s(s: Session): Promise<void> {
  const t = singleNode(s, 'upgrade-k8s');
  const err = endpointError(s) ?? reachError(s.twin, t.label, t.node);
  if (err) throw new TalosctlError(err.message);
  const cluster = s.twin.clusterOf(t.node!);
  const to = (flagValue(s.parsed, 'to', '') as string).replace(/^v/, '');
  const dry = flagValue(s.parsed, 'dry-run', false) as boolean;
  const from = ((flagValue(s.parsed, 'from', '') as string) || cluster.kubernetesVersion).replace(/^v/, '');
  const out = (line: string) => s.sink.out(`${line}\n`);
  const [fa, fb] = versionParts(from);
  const [ta, tb] = versionParts(to);
  if (!/^\d+\.\d+\.\d+$/.test(to)) throw new TalosctlError(`error parsing version "${to}": invalid semantic version`);
  if (ta !== fa || tb < fb || tb - fb > 1) throw new TalosctlError(`unsupported upgrade path "${fa}.${fb}->${ta}.${tb}" (from "${from}" to "${to}")`);
  const step = async (ms: number) => {
    if (!dry) await sleep(s.clock, ms, s.signal);
  };
  const cps = cluster.nodes.filter((n) => n.role === 'controlplane');
  const workers = cluster.nodes.filter((n) => n.role !== 'controlplane');
  if (!flagValue(s.parsed, 'from', '')) out(`automatically detected the lowest Kubernetes version ${from}`);
  out(`discovered controlplane nodes ${goQuoteList(cps.map((n) => n.ip))}`);
  out(`discovered worker nodes ${goQuoteList(workers.map((n) => n.ip))}`);
  for (const n of cluster.nodes) out(`> ${JSON.stringify(n.ip)}: Talos version ${n.talosVersion.replace(/^v/, '')} is compatible with Kubernetes version ${to}`);
  out('checking for removed Kubernetes component flags');
  out('checking for removed Kubernetes API resource versions');
  if (flagValue(s.parsed, 'pre-pull-images', true)) {
    for (const n of cps) for (const c of COMPONENTS) out(` > ${JSON.stringify(n.ip)}: pre-pulling registry.k8s.io/${c}:v${to}`);
    for (const n of cluster.nodes) out(` > ${JSON.stringify(n.ip)}: pre-pulling ghcr.io/siderolabs/kubelet:v${to}`);
  }
  const stepMs = s.twin.timings.kubeletStepMs;
  for (const c of COMPONENTS) {
    out(`updating ${JSON.stringify(c)} to version ${JSON.stringify(to)}`);
    for (const n of cps) {
      out(` > ${JSON.stringify(n.ip)}: starting update`);
      out(` > update ${c}: v${from} -> ${to}`);
      if (dry) {
        out(' > skipped in dry-run');
        continue;
      }
      out(` > ${JSON.stringify(n.ip)}: machine configuration patched`);
      out(` > ${JSON.stringify(n.ip)}: waiting for ${c} pod update`);
      await step(stepMs / 2);
      out(` < ${JSON.stringify(n.ip)}: successfully updated`);
    }
  }
  if (!dry) s.twin.setKubernetesVersion(cluster, `v${to}`);
  if (flagValue(s.parsed, 'upgrade-kubelet', true)) {
    out(`updating kubelet to version ${JSON.stringify(to)}`);
    for (const n of cluster.nodes) {
      out(` > ${JSON.stringify(n.ip)}: starting update`);
      out(` > update kubelet: ${n.kubeletVersion.replace(/^v/, '')} -> ${to}`);
      if (dry) {
        out(' > skipped in dry-run');
        continue;
      }
      out(` > ${JSON.stringify(n.ip)}: machine configuration patched`);
      out(` > ${JSON.stringify(n.ip)}: waiting for kubelet restart`);
      await step(stepMs / 2);
      s.twin.setKubeletVersion(n, `v${to}`);
      out(` > ${JSON.stringify(n.ip)}: waiting for node update`);
      await step(stepMs / 2);
      out(` < ${JSON.stringify(n.ip)}: successfully updated`);
    }
  }
  out(dry ? 'updating manifests (dry run)' : 'updating manifests');
  for (const m of ['v1.Secret/kube-system/bootstrap-token-8x3k2q', 'rbac.authorization.k8s.io/v1.ClusterRoleBinding//system-bootstrap-approve-node-client-csr', 'apps/v1.Deployment/kube-system/coredns']) {
    out(` > processing manifest ${m}`);
    out(dry ? ' < dry run, change skipped' : ' < no changes');
  }
  if (!dry) {
    out('waiting for all manifests to be applied');
    out(' > waiting for apps/v1.Deployment/kube-system/coredns');
  }
}
