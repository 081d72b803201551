/**
 * Our own checks of an emitted bundle, the rules the real API server and kubelet apply that a
 * dry-run on a server without the schemas would not catch: DNS names (and the 52-character limit
 * on CronJob names: the controller appends an 11-character suffix for its Jobs), a schedule that
 * parses, an IANA timeZone, every mount backed by a volume, every reference resolvable, the Talos
 * account asking for no more than os:etcd:backup, and the embedded plat.yaml passing plat's own
 * validation. Pure.
 */
import { checkCron, parseConfigText } from '../config/index.js';
import type { KubeDoc } from './cronjob.js';
import { TALOS_ROLE } from './cronjob.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TALOS_ROLES = ['os:admin', 'os:operator', 'os:reader', 'os:etcd:backup'];

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

/** Problems as `Kind/name: what`; empty when the bundle is sound. `externalSecrets`: made by hand, named in the comments. */
export function cronJobProblems(docs: readonly KubeDoc[], externalSecrets: readonly string[]): string[] {
  const out: string[] = [];
  const names = (kind: string, apiVersion = 'v1') => new Set(docs.filter((d) => d.kind === kind && d.apiVersion === apiVersion).map((d) => d.metadata.name));
  const ns = docs.find((d) => d.kind === 'Namespace')?.metadata.name;
  for (const d of docs) {
    const id = `${d.kind}/${d.metadata?.name ?? '?'}`;
    const n = d.metadata?.name ?? '';
    if (d.kind === 'Namespace' ? !(LABEL.test(n) && n.length <= 63) : !(SUBDOMAIN.test(n) && n.length <= 253)) out.push(`${id}: name is not a valid DNS name`);
    if (d.kind !== 'Namespace' && ns && d.metadata.namespace !== ns) out.push(`${id}: not in namespace ${ns}`);
  }
  for (const sa of docs.filter((d) => d.kind === 'ServiceAccount' && d.apiVersion === 'talos.dev/v1alpha1')) {
    const roles = rec(sa.spec).roles;
    if (!Array.isArray(roles) || roles.length === 0) out.push(`talos ServiceAccount/${sa.metadata.name}: spec.roles is empty (Talos reports "Roles not found")`);
    else {
      for (const r of roles) if (!TALOS_ROLES.includes(String(r))) out.push(`talos ServiceAccount/${sa.metadata.name}: unknown Talos role ${String(r)}`);
      if (roles.some((r) => r !== TALOS_ROLE)) out.push(`talos ServiceAccount/${sa.metadata.name}: asks for more than ${TALOS_ROLE}`);
    }
  }
  for (const cm of docs.filter((d) => d.kind === 'ConfigMap')) {
    const text = rec(cm.data)['plat.yaml'];
    if (typeof text !== 'string') continue;
    try {
      parseConfigText(text, `ConfigMap/${cm.metadata.name} plat.yaml`);
    } catch (e) {
      const problems = (e as { problems?: string[] }).problems ?? [];
      out.push(`ConfigMap/${cm.metadata.name}: plat.yaml is invalid: ${[(e as Error).message, ...problems].join('; ')}`);
    }
  }
  const secrets = new Set([...externalSecrets, ...names('ServiceAccount', 'talos.dev/v1alpha1')]);
  for (const cj of docs.filter((d) => d.kind === 'CronJob')) {
    const id = `CronJob/${cj.metadata.name}`;
    if (cj.metadata.name.length > 52) out.push(`${id}: name longer than 52 characters`);
    const spec = rec(cj.spec);
    // the 5-field cron and IANA zone plat.yaml already requires, and the CronJob controller parses
    const cron = checkCron(String(spec.schedule ?? ''), String(spec.timeZone ?? 'UTC'));
    if (cron) out.push(`${id}: ${cron.field === 'schedule' ? 'schedule' : 'timeZone'} ${cron.message}`);
    const pod = rec(rec(rec(rec(spec.jobTemplate).spec).template).spec);
    if (!['OnFailure', 'Never'].includes(String(pod.restartPolicy))) out.push(`${id}: restartPolicy must be OnFailure or Never`);
    if (pod.serviceAccountName && !names('ServiceAccount').has(String(pod.serviceAccountName))) out.push(`${id}: ServiceAccount ${String(pod.serviceAccountName)} is not in the bundle`);
    const volumes = new Map(arr(pod.volumes).map((v) => [String(v.name), v]));
    for (const v of volumes.values()) {
      if (!LABEL.test(String(v.name))) out.push(`${id}: volume name ${String(v.name)} is not a DNS label`);
      const cmName = rec(v.configMap).name;
      if (cmName !== undefined && !names('ConfigMap').has(String(cmName))) out.push(`${id}: ConfigMap ${String(cmName)} is not in the bundle`);
      const secretName = rec(v.secret).secretName;
      if (secretName !== undefined && !secrets.has(String(secretName))) out.push(`${id}: Secret ${String(secretName)} is neither made by Talos nor named in the instructions`);
    }
    const containers = arr(pod.containers);
    if (containers.length === 0) out.push(`${id}: no container`);
    for (const c of containers) {
      if (!LABEL.test(String(c.name))) out.push(`${id}: container name ${String(c.name)} is not a DNS label`);
      if (!c.image) out.push(`${id}: container ${String(c.name)} has no image`);
      for (const m of arr(c.volumeMounts)) if (!volumes.has(String(m.name))) out.push(`${id}: mount ${String(m.mountPath)} uses volume ${String(m.name)}, which is not declared`);
    }
  }
  return out;
}
