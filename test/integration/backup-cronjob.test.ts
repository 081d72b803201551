/**
 * `plat backup schedule --emit cronjob` applied to the lab's Kubernetes API server with the real
 * kubectl: created, read back, re-applied server-side, and listed with the CronJob's columns.
 * The lab serves the kinds the bundle uses once src/lab/kube-api/catalog-backup-job.ts is
 * registered (done here until the lab's catalog includes it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { parseConfigText } from '../../src/config/index.js';
import { backupJobResourceTypes } from '../../src/lab/kube-api/catalog-backup-job.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { requireBinaries } from '../support/real.js';
import { repoRoot } from '../support/plat.js';
import { platRecovery } from './backup-recovery-cli.js';

const bins = requireBinaries(['kubectl'], 'applying the emitted CronJob to the lab with the real kubectl');
const RECIPIENT = 'age18h50nx0pjup79jwfyhfla6399cl0thgtl3ghr0asuutf6a65qcas08l2l4';
const IMAGE = 'registry.example/plat:0.7.0';

describe.skipIf(!bins)('the backup CronJob on the lab, with the real kubectl', () => {
  let lab: Lab;
  let dir: string;
  let config: string;
  let manifest: string;
  const kubectl = (...args: string[]) => execa(bins!['kubectl']!, ['--kubeconfig', lab.env.KUBECONFIG, '--context', 'admin@infra', ...args], { reject: false, env: { HOME: dir } });
  const plat = (args: string[]) => platRecovery(args, { env: { ...process.env, ...lab.env, PLAT_CONFIG: config }, cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    lab = await startLab();
    for (const server of lab.kube.values()) for (const t of backupJobResourceTypes) server.store.register(t);
    // the lab's plat.yaml, plus what a production one has: an SFTP destination and an age recipient
    const doc = parse(readFileSync(lab.env.PLAT_CONFIG, 'utf8')) as { backup: Record<string, unknown> };
    doc.backup.encryption = { recipients: [RECIPIENT] };
    doc.backup.destinations = [
      { name: 'backup-server', type: 'sftp', host: '10.25.11.50', user: 'plat', identityFile: join(lab.dir, 'router_ed25519'), knownHosts: join(lab.dir, 'known_hosts'), dir: '/srv/etcd', retention: { keepDaily: 30 } },
    ];
    config = join(dir, 'plat.yaml');
    writeFileSync(config, stringify(doc));
    const r = await plat(['backup', 'schedule', '--emit', 'cronjob', '--cluster', 'infra', '--image', IMAGE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // From the built bundles: the version comes from the package.json three folders above dist/src/conventions/.
    expect(r.stdout).toContain(`written by plat ${(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}`);
    manifest = join(dir, 'plat-backup.yaml');
    writeFileSync(manifest, r.stdout);
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies: every object created, as kubectl reports it', { timeout: 60_000 }, async () => {
    const r = await kubectl('apply', '-f', manifest);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'namespace/plat-backup created',
      'serviceaccount/plat-backup created',
      'serviceaccount.talos.dev/plat-backup-talos created',
      'configmap/plat-backup-config created',
      'cronjob.batch/plat-backup created',
    ]);

    const cj = JSON.parse((await kubectl('-n', 'plat-backup', 'get', 'cronjob', 'plat-backup', '-o', 'json')).stdout) as { spec: Record<string, any> };
    expect(cj.spec).toMatchObject({ schedule: '0 */6 * * *', timeZone: 'UTC', concurrencyPolicy: 'Forbid' });
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0]).toMatchObject({ image: IMAGE, command: ['plat', 'backup', 'run', '--config', '/etc/plat/config/plat.yaml'] });
    expect(pod.volumes).toContainEqual({ name: 'talos', secret: { secretName: 'plat-backup-talos' } });
    expect(pod.volumes).toContainEqual({ name: 'sftp-backup-server', secret: { secretName: 'plat-backup-sftp-backup-server', defaultMode: 288 } });

    const talos = JSON.parse((await kubectl('-n', 'plat-backup', 'get', 'serviceaccounts.talos.dev', 'plat-backup-talos', '-o', 'json')).stdout) as { spec: unknown };
    expect(talos.spec).toEqual({ roles: ['os:etcd:backup'] });

    // the config the pod reads is one plat accepts, for this cluster only, with paths in the pod
    const cm = JSON.parse((await kubectl('-n', 'plat-backup', 'get', 'configmap', 'plat-backup-config', '-o', 'json')).stdout) as { data: Record<string, string> };
    const inPod = parseConfigText(cm.data['plat.yaml']!, 'ConfigMap plat.yaml');
    expect(inPod.clusters.map((c) => c.name)).toEqual(['infra']);
    expect(inPod.talosconfig).toBe('/var/run/secrets/talos.dev/config');
    expect(inPod.backup.destinations[0]).toMatchObject({ identityFile: '/etc/plat/sftp/backup-server/identity' });
    // the SSH key went nowhere near the cluster: only its Secret's name did
    expect(JSON.stringify(cm)).not.toContain(readFileSync(join(lab.dir, 'router_ed25519'), 'utf8').split('\n')[1]);

    const table = await kubectl('-n', 'plat-backup', 'get', 'cronjobs');
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+LAST SCHEDULE\s+AGE$/);
    expect(table.stdout.split('\n')[1]).toMatch(/^plat-backup\s+0 \*\/6 \* \* \*\s+UTC\s+/);
  });

  it('re-applies server-side without complaint (dry run on the server)', { timeout: 60_000 }, async () => {
    const r = await kubectl('apply', '--server-side', '--dry-run=server', '-f', manifest);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('cronjob.batch/plat-backup serverside-applied (server dry run)');
  });

  it('-o json is a List kubectl takes as it is', { timeout: 60_000 }, async () => {
    const r = await plat(['backup', 'schedule', '--emit', 'cronjob', '--cluster', 'infra', '--image', IMAGE, '--name', 'plat-backup-json', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: { kind: string }[] };
    expect(list.kind).toBe('List');
    const yamlDocs = parseAllDocuments(readFileSync(manifest, 'utf8')).map((d) => d.toJS() as { kind: string } | null).filter(Boolean);
    expect(list.items.map((i) => i.kind)).toEqual(yamlDocs.map((d) => d!.kind));
    const file = join(dir, 'list.json');
    writeFileSync(file, r.stdout);
    // kubectl validates the List wrapper against /openapi/v3, where the lab serves only real kinds;
    // the items themselves still go through the server's dry run
    const applied = await kubectl('apply', '--server-side', '--dry-run=server', '--validate=false', '-f', file);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('cronjob.batch/plat-backup-json serverside-applied (server dry run)');
  });

  it('refuses without an image, or without saying which cluster', { timeout: 30_000 }, async () => {
    const noImage = await plat(['backup', 'schedule', '--emit', 'cronjob', '--cluster', 'infra']);
    expect(noImage.code).toBe(2);
    expect(noImage.stderr).toBe('plat: say which image runs plat in the cluster: --image <registry/plat:tag>\nhint: the image needs plat (node 20+) and talosctl\n');
    const which = await plat(['backup', 'schedule', '--emit', 'cronjob', '--image', IMAGE]);
    expect(which.code).toBe(2);
    expect(which.stderr).toMatch(/^plat: say which cluster the CronJob runs in \(it backs up that cluster; Talos grants its API only to pods of its own cluster\): --cluster <name>\n/);
    const long = await plat(['backup', 'schedule', '--emit', 'cronjob', '--cluster', 'infra', '--image', IMAGE, '--name', `plat-${'x'.repeat(60)}`]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('name longer than 52 characters');
  });
});
