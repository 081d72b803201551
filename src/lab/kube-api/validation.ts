/**
 * The checks behind 422 Invalid: object names (RFC 1123, as apimachinery validation words them),
 * label and annotation maps, and the Flux schema field every client patches (`spec.suspend`).
 */
import type { StatusCause } from './api-status.js';
import type { KubeObject, ResourceType } from './types.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

const goType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);

function nameCauses(t: ResourceType, name: unknown): StatusCause[] {
  if (typeof name !== 'string' || name === '') {
    return [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }];
  }
  // Namespaces are DNS labels; everything else here is a DNS subdomain.
  if (t.group === '' && t.kind === 'Namespace') {
    if (name.length > 63 || !LABEL.test(name)) {
      return [
        {
          field: 'metadata.name',
          message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        },
      ];
    }
    return [];
  }
  if (name.length > 253 || !SUBDOMAIN.test(name)) {
    return [
      {
        field: 'metadata.name',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ];
  }
  return [];
}

function mapCauses(field: string, value: unknown, labels: boolean): StatusCause[] {
  if (value === undefined) return [];
  if (goType(value) !== 'object') return [{ field, message: `Invalid value: "${goType(value)}": ${field} in body must be of type object: "${goType(value)}"` }];
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!QUALIFIED.test(k)) causes.push({ field, message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character` });
    if (typeof v !== 'string') causes.push({ field: `${field}.${k}`, message: `Invalid value: "${goType(v)}": ${field}.${k} in body must be of type string: "${goType(v)}"` });
    else if (labels && !LABEL_VALUE.test(v)) {
      causes.push({ field: `${field}`, message: `Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character` });
    }
  }
  return causes;
}

/** Causes for a 422, empty when the object is acceptable. */
export function validateObject(t: ResourceType, obj: KubeObject): StatusCause[] {
  const causes = [...nameCauses(t, obj.metadata?.name), ...mapCauses('metadata.labels', obj.metadata?.labels, true), ...mapCauses('metadata.annotations', obj.metadata?.annotations, false)];
  if (t.group !== '') {
    const spec = obj.spec;
    if (spec !== undefined && goType(spec) !== 'object') causes.push({ field: 'spec', message: `Invalid value: "${goType(spec)}": spec in body must be of type object: "${goType(spec)}"` });
    else if (t.group.endsWith('.fluxcd.io') && spec !== undefined) {
      const suspend = (spec as Record<string, unknown>).suspend;
      if (suspend !== undefined && typeof suspend !== 'boolean') {
        causes.push({ field: 'spec.suspend', message: `Invalid value: "${goType(suspend)}": spec.suspend in body must be of type boolean: "${goType(suspend)}"` });
      }
    }
  }
  return causes;
}
