/**
 * Shape checks shared by the `-o json` and `-o yaml` readers: both carry `node`, `metadata` and
 * `spec` per resource (cmd/talosctl/cmd/talos/output/json.go, yaml.go).
 */
import { ParseError } from '../errors/index.js';
import type { ResourceMetadata, TalosResource } from './types.js';

const EVENTS = new Set(['created', 'updated', 'destroyed']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? '' : String(val);
  return out;
}

/** `what` names the item in errors, e.g. `object 3` or `document 2`. */
export function toTalosResource(raw: unknown, command: string, what: string): TalosResource {
  if (!isRecord(raw)) throw new ParseError(command, `${what} is not an object`);
  const md = raw.metadata;
  if (!isRecord(md)) throw new ParseError(command, `${what} has no metadata`);
  for (const key of ['namespace', 'type', 'id'] as const) {
    if (typeof md[key] !== 'string' || md[key] === '') throw new ParseError(command, `${what} has no metadata.${key}`);
  }
  const version = typeof md.version === 'string' && /^\d+$/.test(md.version) ? Number(md.version) : md.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new ParseError(command, `${what} has no numeric metadata.version`);
  }
  if (raw.node !== undefined && raw.node !== null && typeof raw.node !== 'string') {
    throw new ParseError(command, `${what} has a non-string node`);
  }
  const metadata: ResourceMetadata = {
    namespace: md.namespace as string,
    type: md.type as string,
    id: md.id as string,
    version,
    owner: typeof md.owner === 'string' ? md.owner : '',
    phase: typeof md.phase === 'string' ? md.phase : '',
    created: typeof md.created === 'string' ? md.created : '',
    updated: typeof md.updated === 'string' ? md.updated : '',
  };
  const labels = stringMap(md.labels);
  if (labels) metadata.labels = labels;
  const annotations = stringMap(md.annotations);
  if (annotations) metadata.annotations = annotations;
  if (Array.isArray(md.finalizers)) metadata.finalizers = md.finalizers.map(String);

  const res: TalosResource = { node: typeof raw.node === 'string' ? raw.node : '', metadata, spec: raw.spec ?? null };
  if (typeof raw.event === 'string' && EVENTS.has(raw.event)) res.event = raw.event as TalosResource['event'];
  return res;
}
