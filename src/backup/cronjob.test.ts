import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseConfigText } from '../config/index.js';
import { cronJobBundle, type CronJobOptions, type KubeDoc } from './cronjob.js';
import { cronJobProblems } from './cronjob-check.js';
import { cronJobYaml } from './cronjob-yaml.js';

const RECIPIENT = 'age18h50nx0pjup79jwfyhfla6399cl0thgtl3ghr0asuutf6a65qcas08l2l4';

const PLAT_YAML = `
talosconfig: ~/.talos/config
clusters:
  - name: infra
    id: 1
    kubeContext: admin@infra
    nodes:
      - { name: infra-01, ip: 10.25.11.11 }
      - { name: infra-02, ip: 10.25.11.12 }
      - { name: infra-03, ip: 10.25.11.13 }
  - name: apps
    id: 2
    nodes:
      - { name: apps-01, ip: 10.25.11.14 }
backup:
  dir: ~/backups
  schedule: "15 */6 * * *"
  timezone: Europe/Berlin
  retention: { keepWithin: 24h, keepLast: 4 }
  encryption:
    recipients: [${RECIPIENT}]
  destinations:
    - name: backup-server
      type: sftp
      host: 10.25.11.50
      user: plat
      identityFile: /home/op/.ssh/plat_backup
      knownHosts: /home/op/.ssh/known_hosts
      dir: /srv/etcd
      retention: { keepDaily: 30 }
    - name: nas
      type: local
      dir: /mnt/nas/etcd
      every: weekly
      retention: { keepWeekly: 8 }
`;

const config = parseConfigText(PLAT_YAML, 'plat.yaml');
const opts: CronJobOptions = { cluster: 'infra', namespace: 'plat-backup', name: 'plat-backup', image: 'registry.example/plat:0.7.0', platVersion: '0.7.0' };
const byKind = (docs: KubeDoc[], kind: string, apiVersion?: string) => docs.find((d) => d.kind === kind && (!apiVersion || d.apiVersion === apiVersion))!;

describe('cronJobBundle', () => {
  const b = cronJobBundle(config, opts);

  it('makes the namespace, both service accounts, the config and the CronJob', () => {
    expect(b.docs.map((d) => `${d.apiVersion} ${d.kind}/${d.metadata.name}`)).toEqual([
      'v1 Namespace/plat-backup',
      'v1 ServiceAccount/plat-backup',
      'talos.dev/v1alpha1 ServiceAccount/plat-backup-talos',
      'v1 ConfigMap/plat-backup-config',
      'batch/v1 CronJob/plat-backup',
    ]);
    expect(byKind(b.docs, 'ServiceAccount', 'talos.dev/v1alpha1').spec).toEqual({ roles: ['os:etcd:backup'] });
    expect(cronJobProblems(b.docs, b.sftp.map((s) => s.secret))).toEqual([]);
  });

  it('runs plat backup run on the plat.yaml schedule and time zone, one run at a time', () => {
    const spec = byKind(b.docs, 'CronJob').spec as Record<string, any>;
    expect(spec).toMatchObject({ schedule: '15 */6 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid' });
    const pod = spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].command).toEqual(['plat', 'backup', 'run', '--config', '/etc/plat/config/plat.yaml']);
    expect(pod.containers[0].image).toBe('registry.example/plat:0.7.0');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({ name: 'talos', secret: { secretName: 'plat-backup-talos' } });
    expect(pod.volumes).toContainEqual({ name: 'sftp-backup-server', secret: { secretName: 'plat-backup-sftp-backup-server', defaultMode: 0o440 } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'talos', mountPath: '/var/run/secrets/talos.dev', readOnly: true });
  });

  it('embeds a plat.yaml for the one cluster that plat itself accepts, with paths inside the pod', () => {
    const text = (byKind(b.docs, 'ConfigMap').data as Record<string, string>)['plat.yaml']!;
    const inPod = parseConfigText(text, 'in-pod plat.yaml');
    expect(inPod.talosconfig).toBe('/var/run/secrets/talos.dev/config');
    expect(inPod.clusters.map((c) => [c.name, c.talosContext])).toEqual([['infra', 'default']]);
    expect(inPod.backup.dir).toBe('/var/lib/plat/backups');
    expect(inPod.backup.encryption?.recipients).toEqual([RECIPIENT]);
    expect(inPod.backup.destinations).toEqual([expect.objectContaining({ name: 'backup-server', identityFile: '/etc/plat/sftp/backup-server/identity', knownHosts: '/etc/plat/sftp/backup-server/known_hosts' })]);
    expect(b.dropped).toEqual(['destination "nas" (type local: a directory on this machine, not in the pod)']);
  });

  it('names the operator\'s key files only in the instructions, never in an object', () => {
    expect(JSON.stringify(b.docs)).not.toContain('/home/op/.ssh');
    const text = cronJobYaml(b, opts, { kubeContext: 'admin@infra', configPath: '/home/op/plat.yaml' });
    expect(text).toContain('#      kubectl --context admin@infra -n plat-backup create secret generic plat-backup-sftp-backup-server --from-file=identity=/home/op/.ssh/plat_backup --from-file=known_hosts=/home/op/.ssh/known_hosts\n');
  });

  it('prints the Talos prerequisite as comments, then the objects as one kubectl-ready stream', () => {
    const text = cronJobYaml(b, opts, { kubeContext: 'admin@infra', configPath: '/home/op/plat.yaml' });
    expect(text).toContain(['#      machine:', '#        features:', '#          kubernetesTalosAPIAccess:', '#            enabled: true', '#            allowedRoles: [os:etcd:backup]', '#            allowedKubernetesNamespaces: [plat-backup]'].join('\n'));
    expect(text).toContain('# Left out: destination "nas" (type local: a directory on this machine, not in the pod).\n');
    const docs = parseAllDocuments(text).map((d) => d.toJS() as KubeDoc | null).filter((d): d is KubeDoc => d !== null);
    expect(docs).toEqual(b.docs);
    // the label maps repeat as plain YAML, not as anchors and aliases
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.match(/app\.kubernetes\.io\/component: etcd-backup/g)).toHaveLength(6);
  });

  it('warns when nothing would outlive the pod', () => {
    const bare = parseConfigText(PLAT_YAML.replace(/ {2}destinations:[\s\S]*$/, ''), 'plat.yaml');
    expect(cronJobBundle(bare, opts).warnings).toEqual(['no SFTP destination and no --claim: every backup is lost with its pod; add a destination to plat.yaml']);
    expect(cronJobBundle(bare, { ...opts, claim: 'plat-backups' }).warnings).toEqual([]);
  });
});

describe('cronJobProblems', () => {
  const good = cronJobBundle(config, opts);
  const edit = (f: (docs: any[]) => void) => {
    const docs = structuredClone(good.docs) as any[];
    f(docs);
    return cronJobProblems(docs, good.sftp.map((s) => s.secret));
  };
  const pod = (docs: any[]) => docs[4].spec.jobTemplate.spec.template.spec;

  it('catches what the API server or kubelet would refuse', () => {
    expect(edit((d) => (d[4].metadata.name = 'x'.repeat(53)))).toContain(`CronJob/${'x'.repeat(53)}: name longer than 52 characters`);
    expect(edit((d) => (d[4].spec.schedule = '0 */6 * *'))).toEqual(['CronJob/plat-backup: schedule "0 */6 * *" has 4 fields; a cron schedule has 5 (minute hour day-of-month month day-of-week)']);
    expect(edit((d) => (d[4].spec.timeZone = 'Mars/Olympus'))).toEqual(['CronJob/plat-backup: timeZone "Mars/Olympus" is not a time zone (like UTC or Europe/Berlin)']);
    expect(edit((d) => pod(d).containers[0].volumeMounts.push({ name: 'nope', mountPath: '/x' }))).toEqual(['CronJob/plat-backup: mount /x uses volume nope, which is not declared']);
    expect(edit((d) => pod(d).volumes.push({ name: 'other', secret: { secretName: 'who-made-this' } }))).toEqual(['CronJob/plat-backup: Secret who-made-this is neither made by Talos nor named in the instructions']);
    expect(edit((d) => (d[2].spec.roles = ['os:etcd:backup', 'os:admin']))).toEqual(['talos ServiceAccount/plat-backup-talos: asks for more than os:etcd:backup']);
    expect(edit((d) => (d[1].metadata.namespace = 'default'))).toEqual(['ServiceAccount/plat-backup: not in namespace plat-backup']);
    expect(edit((d) => (d[3].data['plat.yaml'] = 'clusters: []\n'))[0]).toMatch(/^ConfigMap\/plat-backup-config: plat.yaml is invalid: .*at least one cluster is required/);
  });
});

