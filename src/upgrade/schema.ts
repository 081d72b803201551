/**
 * The runbook file: a name, one cluster of plat.yaml, the gates checked before the first step and
 * between nodes, and a list of steps, each with a `kind`. Strict objects everywhere, so a typo is
 * a did-you-mean instead of a silently ignored key. Pure.
 */
import * as z from 'zod';
import { DURATION, installerVersion, KUBERNETES_VERSION } from './versions.js';

const duration = (def: string) =>
  z.string().regex(DURATION, { error: (iss) => `${JSON.stringify(iss.input)} is not a duration (like 90s, 30m, 1h)` }).default(def);

/** A string checked by `ok`, with one message for a wrong type, a wrong value and a missing value. */
const checked = (ok: (s: string) => boolean, what: string) =>
  z.custom<string>((v) => typeof v === 'string' && ok(v), {
    error: (iss) => (iss.input === undefined ? `is required (${what})` : `${JSON.stringify(iss.input)} is not ${what}${typeof iss.input === 'number' ? ' (quote it: YAML reads it as a number)' : ''}`),
  });

export const installerImage = () =>
  checked((s) => installerVersion(s) !== undefined, 'an installer image with a version tag (like ghcr.io/siderolabs/installer:v1.12.7)');
export const kubernetesVersion = () => checked((s) => KUBERNETES_VERSION.test(s), 'a Kubernetes version (like 1.35.3)');

const nodeName = z.string().min(1);
/** `ks/<namespace>/<name>`, `hr/<namespace>/<name>` or a full kind (`Kustomization/flux-system/apps`). */
export const FLUX_REF = /^(ks|hr|kustomization|helmrelease|gitrepository|ocirepository|helmrepository|helmchart|bucket)\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i;
const fluxRef = () => checked((s) => FLUX_REF.test(s), 'a Flux object (ks/<namespace>/<name> or hr/<namespace>/<name>)');

export const CHECK_NAMES = ['cluster-healthy', 'nodes-ready', 'etcd-healthy', 'etcd-no-alarm', 'flux-ready', 'bgp-established', 'bonds-healthy', 'backup-fresh'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const checkSchema = z.discriminatedUnion('check', [
  /** Every finding of `plat status` for the cluster, except the ones a rolling upgrade causes by design. */
  z.strictObject({ check: z.literal('cluster-healthy'), ignore: z.array(z.string().min(1)).optional() }),
  z.strictObject({ check: z.literal('nodes-ready') }),
  z.strictObject({ check: z.literal('etcd-healthy') }),
  z.strictObject({ check: z.literal('etcd-no-alarm') }),
  z.strictObject({ check: z.literal('flux-ready'), namespace: z.string().min(1).optional(), kind: z.enum(['Kustomization', 'HelmRelease']).optional(), labelSelector: z.string().min(1).optional() }),
  z.strictObject({ check: z.literal('bgp-established') }),
  z.strictObject({ check: z.literal('bonds-healthy') }),
  /** The newest verified backup is younger than maxAge; else take one (unless take: false). */
  z.strictObject({ check: z.literal('backup-fresh'), maxAge: duration('6h'), take: z.boolean().default(true) }),
]);
export type CheckSpec = z.infer<typeof checkSchema>;

const named = { name: z.string().min(1).optional() };

export const STEP_KINDS = ['gate', 'backup', 'talos-upgrade', 'k8s-upgrade', 'flux-reconcile', 'wait', 'pause', 'exec'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const stepSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('gate'), ...named, checks: z.array(checkSchema).min(1, { error: 'a gate needs at least one check' }) }),
  z.strictObject({ kind: z.literal('backup'), ...named }),
  z.strictObject({
    kind: z.literal('talos-upgrade'),
    ...named,
    image: installerImage(),
    /** Default: every node of the cluster. Control planes go one at a time, the etcd leader last, then workers. */
    nodes: z.array(nodeName).min(1).optional(),
    /** Per node: the upgrade, the reboot and every post-check together. */
    timeout: duration('30m'),
    /** How often the post-checks look again while a node comes back. */
    interval: duration('10s'),
    rebootMode: z.enum(['default', 'powercycle']).optional(),
    /** Legacy (≤1.12) stage-then-reboot; deprecated by talosctl ≥1.13. */
    stage: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('k8s-upgrade'),
    ...named,
    to: kubernetesVersion(),
    timeout: duration('60m'),
    /** No output for this long while "waiting for kubelet restart" → stop and re-run (safe: #6976, #9441, #13109). */
    stall: duration('10m'),
    prePullImages: z.boolean().optional(),
    upgradeKubelet: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('flux-reconcile'), ...named, refs: z.array(fluxRef()).min(1), withSource: z.boolean().default(false), timeout: duration('10m') }),
  z.strictObject({ kind: z.literal('wait'), ...named, for: checkSchema, timeout: duration('10m'), interval: duration('10s') }),
  z.strictObject({ kind: z.literal('pause'), ...named, message: z.string().min(1) }),
  /** A command as an argument array (never a shell line); runs only with --allow-exec. */
  z.strictObject({ kind: z.literal('exec'), ...named, command: z.array(z.string()).min(1, { error: 'give the command as a list: [kubectl, get, nodes]' }), timeout: duration('10m') }),
]);
export type RunbookStep = z.infer<typeof stepSchema>;

export const DEFAULT_GATES: CheckSpec[] = [{ check: 'cluster-healthy' }, { check: 'etcd-healthy' }, { check: 'etcd-no-alarm' }];

export const runbookSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a runbook name (lower-case letters, digits, '.', '_' and '-')` }),
  description: z.string().optional(),
  cluster: z.string().min(1),
  /** Checked before the first step, before every node of a talos-upgrade and before a k8s-upgrade. */
  gates: z.array(checkSchema).default(DEFAULT_GATES),
  steps: z.array(stepSchema).min(1, { error: 'a runbook needs at least one step' }),
});
export type Runbook = z.infer<typeof runbookSchema>;
