/**
 * kubectl, client-go and talosctl write kubeconfigs as plain block YAML: mappings, `- ` sequences,
 * plain or simply quoted scalars, `{}` / `[]` for empty values. This reads exactly that subset and
 * answers NOT_PLAIN for anything else (anchors, aliases, tags, block scalars, flow collections with
 * content, escapes, multi-line scalars, tabs, directives, several documents, duplicate keys), which
 * then goes to the full YAML parser. Why: the yaml package's first parse of a 2 KB kubeconfig costs
 * about 10 ms of every command's start; this costs well under 1 ms. Scalars are typed as the yaml
 * package's default (YAML 1.2 core) schema types them; plain-yaml.test.ts checks every
 * accepted document against the yaml package itself.
 */
export const NOT_PLAIN: unique symbol = Symbol('not plain block YAML');

interface Line {
  indent: number;
  text: string;
}

class NotPlain extends Error {}
const refuse = (): never => {
  throw new NotPlain();
};

export function parsePlainYaml(source: string): unknown {
  // Printable ASCII only: YAML and String.prototype.trim disagree on what other characters are space.
  if (/[^\x20-\x7e\n\r]/.test(source)) return NOT_PLAIN;
  const lines: Line[] = [];
  let started = false;
  for (const raw of source.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const text = line.trimStart();
    if (text === '' || text.startsWith('#')) continue;
    if (!started && line === '---') {
      started = true;
      continue;
    }
    started = true;
    lines.push({ indent: line.length - text.length, text: text.trimEnd() });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return NOT_PLAIN;
  try {
    const at = { i: 0 };
    const doc = block(lines, at, 0);
    return at.i === lines.length ? doc : NOT_PLAIN;
  } catch (e) {
    if (e instanceof NotPlain) return NOT_PLAIN;
    throw e;
  }
}

const isItem = (text: string) => text === '-' || text.startsWith('- ');

function block(lines: Line[], at: { i: number }, indent: number): unknown {
  return isItem(lines[at.i]!.text) ? sequence(lines, at, indent) : mapping(lines, at, indent);
}

function sequence(lines: Line[], at: { i: number }, indent: number): unknown[] {
  const out: unknown[] = [];
  while (at.i < lines.length && lines[at.i]!.indent === indent && isItem(lines[at.i]!.text)) {
    const line = lines[at.i]!;
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      at.i++;
      out.push(nested(lines, at, indent, false));
    } else if (keyOf(rest) !== undefined) {
      // `- name: x` opens a mapping whose keys line up under `name`.
      lines[at.i] = { indent: indent + (line.text.length - rest.length), text: rest };
      out.push(mapping(lines, at, lines[at.i]!.indent));
    } else {
      at.i++;
      out.push(scalar(rest));
    }
  }
  return out;
}

function mapping(lines: Line[], at: { i: number }, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (at.i < lines.length && lines[at.i]!.indent === indent) {
    const text = lines[at.i]!.text;
    if (isItem(text)) refuse();
    const key = keyOf(text) ?? refuse();
    if (Object.hasOwn(out, key) || key === '__proto__') refuse();
    const rest = text.slice(key.length + 1).trimStart();
    at.i++;
    out[key] = rest === '' || rest.startsWith('#') ? nested(lines, at, indent, true) : scalar(rest);
  }
  if (at.i < lines.length && lines[at.i]!.indent > indent) refuse();
  return out;
}

/** The value of `key:` or `-` with nothing after it: a deeper block, a same-column sequence (mapping values only), or null. */
function nested(lines: Line[], at: { i: number }, indent: number, sameColumnSequence: boolean): unknown {
  const next = lines[at.i];
  if (next && next.indent > indent) return block(lines, at, next.indent);
  if (next && sameColumnSequence && next.indent === indent && isItem(next.text)) return sequence(lines, at, indent);
  return null;
}

/** A plain key followed by `:` and a space or the end of the line; not one the core schema types (`null:`, `True:`). */
function keyOf(text: string): string | undefined {
  const key = /^([A-Za-z_][A-Za-z0-9_.\/@-]*):(?: |$)/.exec(text)?.[1];
  return key === undefined || /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(key) ? undefined : key;
}

// No indicator first (YAML reserves `@` and `%`); no spaces, `#` or `: ` anywhere.
const PLAIN = /^[A-Za-z0-9_.\/=+~-][A-Za-z0-9_.\/:@=+~%,[\]-]*$/;
const INT = /^[-+]?[0-9]+$/;

function scalar(text: string): unknown {
  const comment = text.search(/ #/);
  if (text[0] === '"' || text[0] === "'") return quoted(text);
  const value = comment >= 0 ? text.slice(0, comment).trimEnd() : text;
  if (value === '{}') return {};
  if (value === '[]') return [];
  if (!PLAIN.test(value) || value.endsWith(':') || value.startsWith('-') && !/^-[0-9]/.test(value)) refuse();
  if (value === 'true' || value === 'True' || value === 'TRUE') return true;
  if (value === 'false' || value === 'False' || value === 'FALSE') return false;
  if (value === 'null' || value === 'Null' || value === 'NULL' || value === '~') return null;
  if (INT.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : refuse();
  }
  // Floats, octal/hex ints, .inf and .nan: rare in a kubeconfig; the yaml package types them.
  if (/^[-+]?(\.|[0-9])/.test(value) && /^[-+0-9.eEoOxXa-fA-FinfINFnaNA]+$/.test(value)) refuse();
  return value;
}

function quoted(text: string): string {
  const q = text[0]!;
  let out = '';
  let i = 1;
  for (;;) {
    const end = text.indexOf(q, i);
    if (end < 0) return refuse();
    out += text.slice(i, end);
    if (q === "'" && text[end + 1] === "'") {
      out += "'";
      i = end + 2;
      continue;
    }
    i = end + 1;
    break;
  }
  if (q === '"' && out.includes('\\')) refuse();
  const after = text.slice(i);
  if (after !== '' && !/^ +#/.test(after)) refuse();
  return out;
}
