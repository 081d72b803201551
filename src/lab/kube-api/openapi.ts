/**
 * The smallest OpenAPI v3 the lab can serve and still satisfy kubectl create/apply/replace.
 * kubectl's default `--validate=strict` first asks /openapi/v3 whether a kind's PATCH operation
 * takes the `fieldValidation` query parameter (cli-runtime's queryParamVerifierV3); if it does,
 * validation is left to the server and no schema is downloaded. Without this document kubectl
 * falls back to client-side validation, needs /openapi/v2, and refuses with "failed to download
 * openapi". No schemas are served: `kubectl explain` stays unsupported, as on a server without them.
 */
import { createHash } from 'node:crypto';
import type { ResourceType } from './types.js';

const gvPath = (t: Pick<ResourceType, 'group' | 'version'>): string => (t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`);

function hashOf(types: ResourceType[]): string {
  return createHash('sha512')
    .update(types.map((t) => `${t.group}/${t.version}/${t.kind}`).join(','))
    .digest('hex')
    .slice(0, 128)
    .toUpperCase();
}

export function openApiRoot(types: ResourceType[]): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of types) {
    const p = gvPath(t);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(types.filter((x) => gvPath(x) === p))}` };
  }
  return { paths };
}

/** Per group-version document: one PATCH operation per kind, tagged with its GVK, taking fieldValidation. */
export function openApiGroupVersion(types: ResourceType[], path: string): object | undefined {
  const inGv = types.filter((t) => gvPath(t) === path);
  if (inGv.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const t of inGv) {
    const prefix = `/${path}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`;
    paths[prefix] = {
      patch: {
        operationId: `patch${t.kind}`,
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
        ],
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.34.1' }, paths, components: { schemas: {} } };
}
