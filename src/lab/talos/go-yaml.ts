/**
 * A YAML emitter with go-yaml's block layout as talosctl uses it (`SetIndent(4)`): maps in
 * insertion order, sequences indented under their key (`addresses:\n    - a`), `[]`/`{}` for empty
 * collections, double quotes only where a plain scalar would read back as something else
 * (`"2"`, `""`, `"0x15e3"`). yaml.v3 (talosctl ≤ v1.11) also quotes YAML 1.1 booleans such as
 * `on` and base-60 numbers such as `00:00:00:00:00:00`; go.yaml.in/yaml/v4 (≥ v1.12) does not.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [k: string]: YamlValue };

const OLD_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const RESOLVES_NON_STRING = /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)$/;

export interface YamlStyle {
  /** yaml.v3 behaviour (talosctl ≤ v1.11): quote YAML 1.1 bools and base-60 look-alikes. */
  legacyQuoting: boolean;
}

function needsQuotes(s: string, style: YamlStyle): boolean {
  if (s === '') return true;
  if (RESOLVES_NON_STRING.test(s)) return true;
  if (style.legacyQuoting && (OLD_BOOL.test(s) || BASE60.test(s))) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) && !/^-[^\s-]/.test(s)) return true;
  if (/\s$/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':')) return true;
  return /[\x00-\x1f\x7f]/.test(s);
}

export function yamlScalar(v: string | number | boolean | null, style: YamlStyle): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  return needsQuotes(v, style) ? JSON.stringify(v) : v;
}

function isCollection(v: YamlValue): v is YamlValue[] | { [k: string]: YamlValue } {
  return typeof v === 'object' && v !== null;
}

function emptyCollection(v: YamlValue): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (isCollection(v) && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

/** Lines of a mapping at `indent` spaces. */
function mapLines(obj: { [k: string]: YamlValue }, indent: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const empty = emptyCollection(v);
    if (!isCollection(v) || empty) out.push(`${pad}${k}: ${empty ?? yamlScalar(v as string | number | boolean | null, style)}`);
    else if (Array.isArray(v)) out.push(`${pad}${k}:`, ...seqLines(v, indent + 4, style));
    else out.push(`${pad}${k}:`, ...mapLines(v, indent + 4, style));
  }
  return out;
}

function seqLines(list: YamlValue[], indent: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const item of list) {
    const empty = emptyCollection(item);
    if (!isCollection(item) || empty) out.push(`${pad}- ${empty ?? yamlScalar(item as string | number | boolean | null, style)}`);
    else if (Array.isArray(item)) {
      const inner = seqLines(item, indent + 2, style);
      out.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
    } else {
      // a mapping in a sequence continues on the dash line, further keys align under the first
      const inner = mapLines(item, indent + 2, style);
      out.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
    }
  }
  return out;
}

/** A mapping as block YAML text (each line ends with \n). */
export function yamlBlock(obj: { [k: string]: YamlValue }, indent: number, style: YamlStyle): string {
  return mapLines(obj, indent, style)
    .map((l) => `${l}\n`)
    .join('');
}
