/**
 * A compact description of one cluster's Flux objects, from which the lab builds realistic
 * Kustomizations, HelmReleases and sources (build-objects.ts). Either an explicit tree, or
 * `{ generate: { objects: N } }` for a synthetic one (benchmarks, the `large` scenario).
 */
import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase RFC 1123 name');

/** `name`, `namespace/name`, or `{name, namespace}`; the namespace defaults to the dependent's own. */
export const dependencySchema = z.union([z.string().regex(/^([a-z0-9-]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be "name" or "namespace/name"'), z.object({ name, namespace: name.optional() }).strict()]);

export const sourceSchema = z
  .object({
    kind: z.enum(['GitRepository', 'OCIRepository', 'HelmRepository', 'Bucket']),
    name,
    namespace: name.default('flux-system'),
    url: z.string().min(1),
    ref: z
      .object({ branch: z.string().optional(), tag: z.string().optional(), semver: z.string().optional(), name: z.string().optional(), commit: z.string().optional() })
      .strict()
      .optional(),
    interval: z.string().default('1h'),
    /** HelmRepository `type: oci` is static: no artifact, no reconcile (flux.md §2.4). */
    type: z.enum(['default', 'oci']).optional(),
    suspend: z.boolean().optional(),
  })
  .strict();

export const kustomizationSchema = z
  .object({
    name,
    namespace: name.default('flux-system'),
    path: z.string().min(1),
    sourceRef: z
      .object({ kind: z.enum(['GitRepository', 'OCIRepository', 'Bucket']), name, namespace: name.optional() })
      .strict()
      .default({ kind: 'GitRepository', name: 'flux-system' }),
    dependsOn: z.array(dependencySchema).default([]),
    interval: z.string().default('30m'),
    wait: z.boolean().default(true),
    targetNamespace: name.optional(),
    suspend: z.boolean().optional(),
  })
  .strict();

export const helmReleaseSchema = z
  .object({
    name,
    namespace: name,
    chart: z.string().min(1),
    version: z.string().min(1),
    appVersion: z.string().optional(),
    sourceRef: z.object({ kind: z.enum(['HelmRepository', 'OCIRepository']), name, namespace: name.optional() }).strict(),
    dependsOn: z.array(dependencySchema).default([]),
    valuesFrom: z
      .array(z.object({ kind: z.enum(['ConfigMap', 'Secret']), name, valuesKey: z.string().optional(), optional: z.boolean().optional() }).strict())
      .optional(),
    interval: z.string().default('1h'),
    /** The Kustomization (in flux-system) that applies this release; defaults to one with the same name. */
    kustomization: name.optional(),
    suspend: z.boolean().optional(),
  })
  .strict();

export const explicitTreeSchema = z
  .object({
    sources: z.array(sourceSchema).default([]),
    kustomizations: z.array(kustomizationSchema).default([]),
    helmReleases: z.array(helmReleaseSchema).default([]),
  })
  .strict();

export const generatedTreeSchema = z
  .object({
    generate: z.object({ objects: z.number().int().min(1).max(100_000), seed: z.string().default('lab') }).strict(),
  })
  .strict();

export const fluxTreeSchema = z.union([generatedTreeSchema, explicitTreeSchema]);

export type FluxSourceSpec = z.infer<typeof sourceSchema>;
export type FluxKustomizationSpec = z.infer<typeof kustomizationSchema>;
export type FluxHelmReleaseSpec = z.infer<typeof helmReleaseSchema>;
export type FluxDependency = z.infer<typeof dependencySchema>;
export type ExplicitFluxTree = z.infer<typeof explicitTreeSchema>;
export type GeneratedFluxTree = z.infer<typeof generatedTreeSchema>;
export type FluxTreeSpec = z.infer<typeof fluxTreeSchema>;

export const isGenerated = (t: FluxTreeSpec): t is GeneratedFluxTree => 'generate' in t;

/** A dependency as {namespace, name}, defaulting the namespace to the dependent's. */
export function dependencyRef(d: FluxDependency, ownNamespace: string): { namespace: string; name: string } {
  if (typeof d !== 'string') return { namespace: d.namespace ?? ownNamespace, name: d.name };
  const slash = d.indexOf('/');
  return slash < 0 ? { namespace: ownNamespace, name: d } : { namespace: d.slice(0, slash), name: d.slice(slash + 1) };
}
