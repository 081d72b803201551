/**
 * The CronJob bundle as one YAML stream for `kubectl apply -f`, with what must be true before it
 * works written on top as comments: the Talos machine-config feature that lets the namespace ask
 * for the role, the Secrets to create by hand, what the image must hold. Pure.
 */
import { stringify } from 'yaml';
import type { CronJobBundle, CronJobOptions } from './cronjob.js';
import { TALOS_ROLE } from './cronjob.js';

export interface CronJobYamlContext {
  kubeContext: string;
  /** Where the operator's plat.yaml is (named in the header). */
  configPath: string;
  /** The operator's path as a shell takes it (`~` is not expanded inside `--from-file=k=~/…`). */
  localPath?: (p: string) => string;
}

export function cronJobPreamble(b: CronJobBundle, o: CronJobOptions, ctx: CronJobYamlContext): string[] {
  const cron = b.docs.find((d) => d.kind === 'CronJob')?.spec as { schedule: string; timeZone: string };
  const k = `kubectl --context ${ctx.kubeContext}`;
  const local = ctx.localPath ?? ((p: string) => p);
  const lines = [
    `plat backup in cluster ${o.cluster}: a CronJob running \`plat backup run\` on "${cron.schedule}" (${cron.timeZone})`,
    `written by plat ${o.platVersion} from ${ctx.configPath}; apply with: ${k} apply -f <this file>`,
    '',
    'Before it can work:',
    `1. Talos must let pods of namespace ${o.namespace} ask for the ${TALOS_ROLE} role. In the machine`,
    `   configuration of every control-plane node of ${o.cluster} (talosctl edit mc, or a patch):`,
    '     machine:',
    '       features:',
    '         kubernetesTalosAPIAccess:',
    '           enabled: true',
    `           allowedRoles: [${TALOS_ROLE}]`,
    `           allowedKubernetesNamespaces: [${o.namespace}]`,
    `   Talos then fills the Secret ${b.talosAccount} with a talosconfig for that role (renewed every few hours).`,
    `   If it does not appear: ${k} -n ${o.namespace} get serviceaccounts.talos.dev ${b.talosAccount} -o yaml (status.failureReason).`,
  ];
  if (b.sftp.length) {
    lines.push('2. One Secret per SFTP destination with its key and known_hosts (never put the key in this file):');
    for (const s of b.sftp) {
      lines.push(`     ${k} -n ${o.namespace} create secret generic ${s.secret} --from-file=identity=${local(s.localIdentityFile)} --from-file=known_hosts=${local(s.localKnownHosts)}`);
    }
  } else lines.push('2. No SFTP destination in plat.yaml: no Secret to create.');
  lines.push(
    `3. The image ${o.image} must run \`plat\` (node 20+) and have \`talosctl\` on PATH; it runs as uid 65532 with a read-only root.`,
    '',
    `Backups in the pod go to ${o.claim ? `the claim ${o.claim}` : 'an emptyDir: gone when the pod ends; the destinations keep them'}.`,
    'age recipients are public keys and travel in the ConfigMap; the identity that decrypts never goes to the cluster.',
    ...b.dropped.map((d) => `Left out: ${d}.`),
    ...b.warnings.map((w) => `WARNING: ${w}.`),
  );
  return lines;
}

export function cronJobYaml(b: CronJobBundle, o: CronJobOptions, ctx: CronJobYamlContext): string {
  const comments = cronJobPreamble(b, o, ctx).map((l) => (l ? `# ${l}` : '#'));
  // no anchors/aliases for the shared label maps: what people read and diff is plain YAML
  const docs = b.docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd());
  return `${comments.join('\n')}\n---\n${docs.join('\n---\n')}\n`;
}
