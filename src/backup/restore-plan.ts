/**
 * `plat backup restore-plan`: the Talos disaster-recovery procedure for one cluster, numbered,
 * with the real node addresses and the chosen backup's checks filled in. It executes nothing: an
 * operator reads it, probably while the cluster is down. The order and every command follow the
 * Talos disaster-recovery guide and its code as summarised in backup.md §7: confirm quorum is
 * really lost, check the snapshot before anything destructive (openshift/cluster-etcd-operator#1626
 * wiped first and lost the cluster), no `init` nodes, wipe EPHEMERAL, every etcd `Preparing`, time
 * in sync (bootstrap refuses otherwise), recover on one node, watch, rejoin, restart kubelets. Pure.
 */
import { UserError } from '../errors/index.js';
import type { DrillRecord } from './drill-record.js';
import { drillCell } from './drill-record.js';
import { humanAge } from './report.js';

export interface PlanNode {
  name: string;
  ip: string;
  role: 'controlplane' | 'worker';
}

/** The backup chosen, with what was checked just now. */
export interface RestoreBackup {
  /** Absolute path of the stored file. */
  path: string;
  /** As the catalog names it (`<cluster>/<file>`), or the path for a file outside the catalog. */
  file: string;
  catalogued: boolean;
  takenAt?: string;
  node?: string;
  nodeAddress?: string;
  revision?: number;
  storedBytes: number;
  snapshotBytes?: number;
  /** SHA-256 of the stored file. */
  sha256: string;
  /** The snapshot's own trailer: SHA-256 of its bbolt bytes. */
  trailerSha256?: string;
  snapshotHash?: string;
  encrypted: boolean;
  /** For an `.age` file: SHA-256 of the compressed snapshot inside (what `age -d` must give). */
  plainSha256?: string;
  gzip: boolean;
  /** No sha256 trailer: a copy of member/snap/db, recovered with --recover-skip-hash-check. */
  hashless: boolean;
  check: { ok: boolean; what: string; problems: string[] };
  lastDrill?: DrillRecord;
  /** Newer backups passed over because they failed the check now. */
  passedOver: { file: string; why: string }[];
}

export interface RestorePlanInput {
  cluster: string;
  nodes: readonly PlanNode[];
  talosContext: string;
  kubeContext: string;
  talosconfig?: string;
  backup: RestoreBackup;
  /** Node to recover on; default the first control-plane node of plat.yaml. */
  recoveryNode?: string;
  now: number;
}

export interface RestoreStep {
  n: number;
  id: string;
  title: string;
  commands: string[];
  /** What the output must show before going on. */
  expect?: string;
  notes: string[];
  destructive?: true;
}

export interface RestorePlan {
  cluster: string;
  recoveryNode: { name: string; ip: string };
  controlPlanes: { name: string; ip: string }[];
  backup: RestoreBackup;
  /** The file handed to `talosctl bootstrap --recover-from`. */
  recoverFrom: string;
  warnings: string[];
  steps: RestoreStep[];
}

/** Number the steps and resolve `{id}` references in notes to step numbers. */
function numbered(steps: Omit<RestoreStep, 'n'>[]): RestoreStep[] {
  const n = new Map(steps.map((s, i) => [s.id, i + 1]));
  const resolve = (text: string) => text.replace(/\{([a-z-]+)\}/g, (m, id: string) => String(n.get(id) ?? m));
  return steps.map((s, i) => ({ n: i + 1, ...s, notes: s.notes.map(resolve) }));
}

const base = (p: string) => p.split('/').pop() ?? p;

/** What to run to get the plain snapshot next to you, and its name. */
function plainSnapshot(b: RestoreBackup): { commands: string[]; file: string } {
  let name = base(b.path);
  const commands: string[] = [];
  if (b.encrypted) {
    name = name.replace(/\.age$/, '');
    commands.push(`age -d -i <your age identity file> -o ${name} ${b.path}`);
  }
  if (b.gzip) {
    const plain = name.replace(/\.gz$/, '');
    commands.push(b.encrypted ? `gunzip ${name}` : `gunzip -c ${b.path} > ${plain}`);
    name = plain;
  } else if (!b.encrypted) {
    commands.push(`cp ${b.path} ${name}`);
  }
  return { commands, file: `./${name}` };
}

export function restorePlan(input: RestorePlanInput): RestorePlan {
  const cps = input.nodes.filter((n) => n.role === 'controlplane');
  const first = cps[0];
  if (!first) throw new UserError(`cluster ${input.cluster} has no control-plane node in plat.yaml`, { hint: 'etcd runs on the control-plane nodes; mark them with role: controlplane' });
  const rec = input.recoveryNode ? cps.find((n) => n.name === input.recoveryNode || n.ip === input.recoveryNode) : first;
  if (!rec) throw new UserError(`--node ${input.recoveryNode} is not a control-plane node of ${input.cluster}`, { hint: `control planes: ${cps.map((n) => n.name).join(', ')}` });
  const b = input.backup;
  const t = (ips: readonly string[], rest: string) => `talosctl --context ${input.talosContext} -e ${rec.ip} -n ${ips.join(',')} ${rest}`;
  const one = (n: PlanNode, rest: string) => `talosctl --context ${input.talosContext} -e ${n.ip} -n ${n.ip} ${rest}`;
  const cpIps = cps.map((n) => n.ip);
  const quorum = Math.floor(cps.length / 2) + 1;
  const plain = plainSnapshot(b);
  const skip = b.hashless ? ' --recover-skip-hash-check' : '';
  const taken = b.takenAt ? `${humanAge(input.now - Date.parse(b.takenAt))} ago, at ${b.takenAt.replace(/\.\d{3}Z$/, 'Z')}` : 'at an unknown time';

  const warnings: string[] = [];
  if (!b.check.ok) warnings.push(`the backup failed the check just now: ${b.check.problems.join('; ')}`);
  if (b.hashless) warnings.push('this file has no sha256 trailer (a copy of the data directory): Talos cannot check its integrity, and it may miss the last writes');
  if (cps.length === 1) warnings.push(`${input.cluster} has one control-plane node: without this backup the cluster cannot be rebuilt`);
  if (!b.lastDrill?.ok) warnings.push(b.lastDrill ? `the last drill of this file failed: ${b.lastDrill.problems[0] ?? ''}` : 'this file has never been drilled: step 3 does it now, before anything is wiped');
  for (const p of b.passedOver) warnings.push(`passed over the newer ${p.file}: ${p.why}`);

  const steps: Omit<RestoreStep, 'n'>[] = [
    {
      id: 'confirm',
      title: 'Confirm that etcd has lost quorum and cannot recover by itself',
      commands: [...(input.talosconfig ? [`export TALOSCONFIG=${input.talosconfig}`] : []), t(cpIps, 'etcd members'), t(cpIps, 'service etcd')],
      expect: `fewer than ${quorum} of ${cps.length} members healthy`,
      notes: [
        `with ${quorum} or more healthy members etcd still has quorum: repair the broken member instead (talosctl etcd remove-member, then let the node rejoin); a restore throws away every write made since the backup was taken (${taken})`,
      ],
    },
    {
      id: 'snapshot',
      title: 'Fetch the backup and check it',
      commands: [`sha256sum ${b.path}`, ...plain.commands, `plat backup verify ${b.catalogued ? b.file : b.path}`],
      expect: `sha256 ${b.sha256}${b.plainSha256 ? `; after age -d: sha256sum ${base(b.path).replace(/\.age$/, '')} gives ${b.plainSha256}` : ''}`,
      notes: ['run every step from this directory: the plain snapshot is written here', `talosctl checks the snapshot's own trailer (${b.trailerSha256 ?? 'none'}) again while recovering`],
    },
    {
      id: 'drill',
      title: 'Rehearse the restore off the cluster (a throwaway etcd on this machine)',
      commands: [`plat backup drill ${b.catalogued ? b.file : b.path}`],
      expect: `drill ok${b.revision !== undefined ? `, revision ${b.revision}` : ''}`,
      notes: [`last drill of this file: ${drillCell(b.lastDrill, input.now)}`],
    },
    {
      id: 'machinetype',
      title: 'Check that no node is of the deprecated type init',
      commands: [t(cpIps, 'get machinetype')],
      expect: 'controlplane on every node (init nodes are incompatible with etcd recovery)',
      notes: ['convert an init node first: talosctl edit mc --mode=staged (type: controlplane), then reboot it'],
    },
    {
      id: 'machine-config',
      title: 'Have the machine configuration of every control-plane node at hand',
      commands: cps.map((n) => `${one(n, 'get mc v1alpha1 -o yaml')} > ${n.name}.machineconfig.yaml`),
      notes: ['replaced hardware must be installed with its saved machine configuration (same secrets and control-plane settings); skip nodes that are down'],
    },
    {
      id: 'wipe',
      title: 'Wipe EPHEMERAL on each control-plane node, one at a time',
      commands: cps.map((n) => one(n, 'reset --graceful=false --reboot --system-labels-to-wipe=EPHEMERAL')),
      notes: ['this deletes /var/lib/etcd on that node: only after steps {snapshot} and {drill} passed', 'wait for each node to come back before the next'],
      destructive: true,
    },
    {
      id: 'preparing',
      title: 'Wait until etcd is Preparing on every control-plane node',
      commands: [t(cpIps, 'service etcd')],
      expect: 'STATE Preparing on each node',
      notes: ['if a node changed address, point the control-plane endpoint at the new one'],
    },
    {
      id: 'time',
      title: `Check that the clock of ${rec.name} is in sync`,
      commands: [one(rec, 'get timestatus')],
      expect: 'SYNCED true (bootstrap refuses with "time is not in sync yet")',
      notes: [],
    },
    {
      id: 'bootstrap',
      title: `Recover etcd on ${rec.name} (${rec.ip}) from the snapshot`,
      commands: [one(rec, `bootstrap --recover-from=${plain.file}${skip}`)],
      expect: `recovering from snapshot "${plain.file}": hash ${b.snapshotHash ?? '…'}, revision ${b.revision ?? '…'}`,
      notes: [
        'run it on this one node only',
        '"etcd service is not ready for recovery yet": step {preparing} is not finished; wait and run it again',
        b.hashless ? '--recover-skip-hash-check is here because the file has no trailer (a data-dir copy)' : 'never add --recover-skip-hash-check to a snapshot with a trailer: it is the integrity check',
        'the command returning does not mean the restore worked: watch it (next step)',
      ],
      destructive: true,
    },
    {
      id: 'watch',
      title: 'Watch etcd restore the snapshot and start',
      commands: [one(rec, 'logs etcd -f'), one(rec, 'dmesg -f'), one(rec, 'service etcd')],
      expect: 'the snapshot restored, then etcd Running and healthy',
      notes: [],
    },
    {
      id: 'join',
      title: 'Let the other control-plane nodes join',
      commands: [t(cpIps, 'etcd members'), t(cpIps, 'etcd status')],
      expect: `${cps.length} members, one leader, no errors`,
      notes: ['they join on their own once the control-plane endpoint answers'],
    },
    {
      id: 'kubelet',
      title: 'Restart kubelet on every node',
      commands: input.nodes.map((n) => one(n, 'service kubelet restart')),
      notes: ['the restore moved etcd revisions backwards; kubelets and controllers watching the API must start over'],
    },
    {
      id: 'check',
      title: 'Check the cluster, then take a fresh backup',
      commands: [`kubectl --context ${input.kubeContext} get nodes`, `plat status --cluster ${input.cluster}`, `plat backup run --cluster ${input.cluster}`],
      expect: 'every node Ready',
      notes: ['plat backup run will warn that the etcd revision went down: the restore did that'],
    },
  ];
  return {
    cluster: input.cluster,
    recoveryNode: { name: rec.name, ip: rec.ip },
    controlPlanes: cps.map((n) => ({ name: n.name, ip: n.ip })),
    backup: b,
    recoverFrom: plain.file,
    warnings,
    steps: numbered(steps),
  };
}
