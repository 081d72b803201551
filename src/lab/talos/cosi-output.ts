/**
 * talosctl `get -o table|yaml|json` writers (cmd/talosctl/cmd/talos/output/*.go, talos.md §0 facts 2-4):
 * - json: one 4-space-indented object per resource per node, keys sorted at every level,
 *   `node` added, HTML characters escaped as Go's encoding/json does; no array, no commas;
 * - yaml: `node:`, `metadata:` (fixed key order), `spec:`, documents separated by `---`;
 * - table: NODE NAMESPACE TYPE ID VERSION + the type's print columns, tabwriter padding 3.
 */
import { tabwrite } from './go-format.js';
import { yamlBlock, yamlScalar, type YamlStyle, type YamlValue } from './go-yaml.js';

export interface CosiResource {
  namespace: string;
  type: string;
  id: string;
  version: number;
  owner: string;
  phase: 'running';
  created: number;
  updated: number;
  spec: { [k: string]: YamlValue };
}

export interface PrintColumn {
  name: string;
  /** JSONPath-like getter over the spec. */
  get: (spec: { [k: string]: YamlValue }) => YamlValue | undefined;
}

export interface ResourceKind {
  type: string;
  displayType: string;
  defaultNamespace: string;
  aliases: string[];
  columns: PrintColumn[];
}

const goTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function metadata(r: CosiResource): { [k: string]: YamlValue } {
  // cosi-project/runtime Metadata.MarshalYAML order
  return {
    namespace: r.namespace,
    type: r.type,
    id: r.id,
    version: r.version,
    owner: r.owner,
    phase: r.phase,
    created: goTime(r.created),
    updated: goTime(r.updated),
  };
}

function sortKeys(v: YamlValue): YamlValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k]!)]),
    );
  }
  return v;
}

/** Go's json.Encoder escapes <, > and & (SetEscapeHTML defaults to true). */
function goJson(v: YamlValue): string {
  return JSON.stringify(v, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function jsonResource(node: string, r: CosiResource): string {
  // an empty owner marshals to YAML as a bare `owner:` and re-parses as null
  const meta = { ...metadata(r), owner: r.owner === '' ? null : r.owner };
  return `${goJson(sortKeys({ metadata: meta, node, spec: r.spec }))}\n`;
}

export function yamlResource(node: string, r: CosiResource, first: boolean, style: YamlStyle): string {
  const meta = metadata(r);
  let out = first ? '' : '---\n';
  out += `node: ${yamlScalar(node, style)}\n`;
  out += `metadata:\n${yamlBlock(meta, 4, style).replace(/^ {4}owner: ""$/m, '    owner:')}`;
  out += `spec:\n${yamlBlock(r.spec, 4, style)}`;
  return out;
}

function cell(v: YamlValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function tableHeader(kind: ResourceKind): string {
  return ['NODE', 'NAMESPACE', 'TYPE', 'ID', 'VERSION', ...kind.columns.map((c) => c.name.toUpperCase())].join('\t');
}

export function tableRow(node: string, kind: ResourceKind, r: CosiResource): string {
  return [node, r.namespace, kind.displayType, r.id, String(r.version), ...kind.columns.map((c) => cell(c.get(r.spec)))].join('\t');
}

/** A whole table; `rows` are tab-joined lines (header first). */
export function renderTable(rows: string[]): string {
  return tabwrite(`${rows.join('\n')}\n`);
}
