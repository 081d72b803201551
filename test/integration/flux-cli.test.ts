/**
 * `plat flux …` as an operator runs it against the lab: exit codes (0 ok, 1 failed, 2 usage,
 * 3 not ready, 5 refused), what is printed where, and that nothing changes without a confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startLab, type Lab } from '../../src/lab/index.js';
import { runPlat, tempDir } from '../support/plat.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy', reconcileDelayMs: 100 });
});
afterAll(async () => {
  await lab?.stop();
});

const plat = (args: string[], env: Record<string, string> = {}) => runPlat(args, { env: { ...lab.env, HOME: lab.dir, ...env } });
const KS = 'kustomize.toolkit.fluxcd.io/v1';
const HR = 'helm.toolkit.fluxcd.io/v2';
const spec = (apiVersion: string, kind: string, ns: string, name: string, cluster = 'apps') => lab.kube.get(cluster)!.store.get(apiVersion, kind, ns, name)?.spec as Record<string, unknown>;

describe('plat flux get', () => {
  it('one table over both clusters; exit 0 when everything is Ready', async () => {
    const r = await plat(['flux', 'get', 'ks']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER +NAME +REVISION +SUSPENDED +READY +STATE +SINCE +MESSAGE$/);
    expect(lines.filter((l) => l.startsWith('infra '))).toHaveLength(11);
    expect(lines.filter((l) => l.startsWith('apps '))).toHaveLength(10);
    expect(r.stdout).toMatch(/\napps +kustomization\/podinfo +main@sha1:[0-9a-f]{8} +False +True +✓ Ready +\S+ +Applied revision: main@sha1:[0-9a-f]{8}\n/);
  });

  it('-A -o json gives the rows and each cluster served versions', async () => {
    const r = await plat(['flux', 'get', '-A', '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { clusters: { cluster: string; state: string }[]; items: { cluster: string; kind: string; namespace: string; ready: string }[] };
    expect(out.clusters.map((c) => [c.cluster, c.state])).toEqual([['infra', 'ok'], ['apps', 'ok']]);
    expect(out.items.filter((i) => i.kind === 'HelmRelease' && i.cluster === 'apps').map((i) => i.namespace)).toContain('media');
    expect(out.items.every((i) => i.ready === 'True')).toBe(true);
  });

  it('an unknown kind or selector is a usage error naming what would work', async () => {
    const r = await plat(['flux', 'get', 'deployments']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: unknown Flux kind "deployments"\nhint: use one of ocirepo, bucket, gitrepo, helmrepo, chart, hr, ks, receiver, provider, alert (or the full kind name)\n');
  });
});

describe('plat flux actions', () => {
  it('an object present in both clusters needs --cluster', async () => {
    const r = await plat(['flux', 'reconcile', 'ks/flux-system/cilium', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: ks/flux-system/cilium exists in 2 clusters (infra, apps)\nhint: say which with --cluster, e.g. --cluster infra\n');
  });

  it('reconcile succeeds: progress on stderr, exit 0', async () => {
    const r = await plat(['flux', 'reconcile', 'hr/kube-system/cilium', '--cluster', 'apps', '--with-source', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split('\n').map((l) => l.slice(9));
    expect(lines[0]).toMatch(/^► apps helmrepo\/flux-system\/cilium: annotating HelmRepository cilium in flux-system \(reconcile\.fluxcd\.io\/requestedAt = \S+\)$/);
    expect(lines).toContain('✔ apps helmrepo/flux-system/cilium: fetched revision sha256:95ab881b');
    expect(lines).toContain('✔ apps chart/flux-system/kube-system-cilium: fetched revision 1.18.2');
    expect(lines.at(-1)).toBe('✔ apps hr/kube-system/cilium: applied revision 1.18.2');
  });

  it('without --yes and without a terminal, nothing is changed', async () => {
    const r = await plat(['flux', 'suspend', 'ks/flux-system/jellyfin', '--cluster', 'apps']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: Suspend ks/flux-system/jellyfin in cluster apps: needs confirmation and there is no terminal to ask on\nhint: pass --yes to confirm from a script\n');
    expect(spec(KS, 'Kustomization', 'flux-system', 'jellyfin').suspend).toBeUndefined();
  });

  it('read-only refuses with exit 5 and changes nothing', async () => {
    const r = await plat(['flux', 'suspend', 'ks/flux-system/jellyfin', '--cluster', 'apps', '--yes', '--readonly']);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('plat: refusing to suspend ks/flux-system/jellyfin: cluster apps is read-only; nothing was changed\nhint: drop --readonly, or set readOnly: false for this cluster in plat.yaml\n');
    expect(spec(KS, 'Kustomization', 'flux-system', 'jellyfin').suspend).toBeUndefined();
  });

  it('suspend then resume (which waits for the new generation to be Ready)', async () => {
    const s = await plat(['flux', 'suspend', 'ks/flux-system/jellyfin', '--cluster', 'apps', '--yes']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/^\d\d:\d\d:\d\d ✔ apps ks\/flux-system\/jellyfin: suspended\n$/);
    expect(spec(KS, 'Kustomization', 'flux-system', 'jellyfin').suspend).toBe(true);
    const get = await plat(['flux', 'get', 'ks', '--cluster', 'apps']);
    expect(get.code).toBe(0); // suspended but Ready: READY stays True, as in flux get
    expect(get.stdout).toMatch(/\napps +kustomization\/jellyfin +\S+ +True +True +‖ Suspended /);
    const refused = await plat(['flux', 'reconcile', 'ks/flux-system/jellyfin', '--cluster', 'apps', '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('plat: ks/flux-system/jellyfin in apps is suspended; the controller would skip the request\nhint: resume it first: plat flux resume ks/flux-system/jellyfin --cluster apps\n');
    const r = await plat(['flux', 'resume', 'ks/flux-system/jellyfin', '--cluster', 'apps', '--yes', '-o', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; message: string; action: string });
    expect(events[0]).toMatchObject({ type: 'progress', action: 'resume', message: expect.stringMatching(/^resumed; waiting for generation \d+ to reconcile$/) });
    expect(events.at(-1)).toMatchObject({ type: 'done', message: expect.stringMatching(/^applied revision main@sha1:/) });
    expect(spec(KS, 'Kustomization', 'flux-system', 'jellyfin')).not.toHaveProperty('suspend');
  });

  it('--all suspends every object of a kind in one cluster after listing them, and resume brings them back', async () => {
    const both = await plat(['flux', 'suspend', 'hr', '--all', '-n', 'media', '--yes']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('plat: --all acts on one cluster at a time; 2 are selected (infra, apps)');
    const ask = await plat(['flux', 'suspend', 'hr', '--all', '-n', 'media', '--cluster', 'apps']);
    expect(ask.stderr).toContain('plat: Suspend 2 objects: hr/media/immich, hr/media/jellyfin in cluster apps: needs confirmation');
    const r = await plat(['flux', 'suspend', 'hr', '--all', '-n', 'media', '--cluster', 'apps', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(spec(HR, 'HelmRelease', 'media', 'immich').suspend).toBe(true);
    expect(spec(HR, 'HelmRelease', 'media', 'jellyfin').suspend).toBe(true);
    const back = await plat(['flux', 'resume', 'hr', '--all', '-n', 'media', '--cluster', 'apps', '--yes']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toMatch(/✔ apps hr\/media\/immich: applied revision 4\.3\.0\+/);
    expect(back.stderr).toMatch(/✔ apps hr\/media\/jellyfin: applied revision 4\.3\.0\+/);
  });

  it('a failing reconcile exits 1 with the reason and message; dependents fail with the chain; why and get explain', async () => {
    const f = await plat(['lab', 'fault', 'flux-failing', 'ks/flux-system/external-secrets']);
    expect(f.code, f.stderr).toBe(0);
    const r = await plat(['flux', 'reconcile', 'ks/flux-system/external-secrets', '--cluster', 'apps', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "✗ apps ks/flux-system/external-secrets: HealthCheckFailed: health check failed after 5m0s: timeout waiting for: [Deployment/external-secrets/external-secrets-webhook status: 'InProgress']\n         hint: fix the cause the message names, then: plat flux reconcile ks/flux-system/external-secrets --cluster apps\n",
    );
    const dep = await plat(['flux', 'reconcile', 'ks/flux-system/paperless', '--cluster', 'apps', '--yes']);
    expect(dep.code).toBe(1);
    expect(dep.stderr).toMatch(/✗ apps ks\/flux-system\/paperless: DependencyNotReady → ks\/flux-system\/external-secrets ✗ HealthCheckFailed: health check failed after 5m0s: .* \(\d+s\)\n/);
    const why = await plat(['flux', 'why', 'ks/flux-system/paperless', '--cluster', 'apps']);
    expect(why.code).toBe(3);
    expect(why.stdout).toMatch(/^ks\/flux-system\/paperless ✗ DependencyNotReady → ks\/flux-system\/external-secrets ✗ HealthCheckFailed: .* \(\d+s\) → fix that first, then: plat flux reconcile ks\/flux-system\/external-secrets --cluster apps\n$/);
    const notReady = await plat(['flux', 'get', 'ks', '--status-selector', 'ready=false', '--cluster', 'apps']);
    expect(notReady.code).toBe(3);
    expect(notReady.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/).slice(0, 2).join(' '))).toEqual(['apps kustomization/external-secrets', 'apps kustomization/paperless']);
    await plat(['lab', 'heal', 'flux-failing', 'ks/flux-system/external-secrets']);
    const fixed = await plat(['flux', 'reconcile', 'ks/flux-system/external-secrets', '--cluster', 'apps', '--yes']);
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('tree prints the inventory with child objects, like flux tree', async () => {
    const r = await plat(['flux', 'tree', 'ks/flux-system/podinfo', '--cluster', 'apps']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Kustomization/flux-system/podinfo\n├── Namespace/default\n├── HelmRelease/default/podinfo  (objects not listed: a HelmRelease inventory needs Flux ≥ 2.8)\n└── OCIRepository/default/podinfo\n',
    );
  });
});

describe('an unreachable cluster', () => {
  it('is named under the table while the other cluster prints; exit 1 only when nothing could be read', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dead = await freePort();
      const kubeconfig = readFileSync(lab.env.KUBECONFIG, 'utf8');
      const infraUrl = lab.kube.get('infra')!.url;
      writeFileSync(join(dir, 'kubeconfig'), kubeconfig.replace(infraUrl, `https://127.0.0.1:${dead}`));
      writeFileSync(join(dir, 'plat.yaml'), readFileSync(lab.env.PLAT_CONFIG, 'utf8').replace(`kubeconfig: ${lab.env.KUBECONFIG}`, `kubeconfig: ${join(dir, 'kubeconfig')}`));
      const r = await plat(['flux', 'get', 'ks'], { PLAT_CONFIG: join(dir, 'plat.yaml') });
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/\napps +kustomization\/podinfo /);
      expect(r.stdout).not.toMatch(/\ninfra /);
      expect(r.stdout).toContain(`✗ infra: unreachable, its Flux objects are not shown — admin@infra: cannot reach the Kubernetes API server at 127.0.0.1:${dead} (ECONNREFUSED); check that the cluster is up and the kubeconfig points at it\n`);
      const none = await plat(['flux', 'get', '--cluster', 'infra'], { PLAT_CONFIG: join(dir, 'plat.yaml') });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain(`plat: no cluster could be read: infra: admin@infra: cannot reach the Kubernetes API server at 127.0.0.1:${dead} (ECONNREFUSED)`);
    } finally {
      cleanup();
    }
  });
});
