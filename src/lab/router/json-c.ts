/**
 * JSON printed the way FRR prints it: json-c with JSON_C_TO_STRING_PRETTY — two-space indent, no
 * space after ':', and an empty object as "{" newline, indent, "}" (seen in real vtysh output).
 * `show bgp summary json` adds NOSLASHESCAPE; `show bgp neighbors json` does not, so "/" comes out
 * as "\/" there (`"softwareVersion":"n\/a"`).
 */
export type JsonC = string | number | boolean | null | JsonC[] | { [key: string]: JsonC | undefined };

export function printJsonC(value: JsonC, opts: { escapeSlash: boolean }, level = 0): string {
  const pad = (n: number) => '  '.repeat(n);
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const s = JSON.stringify(value);
    return opts.escapeSlash ? s.replace(/\//g, '\\/') : s;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[\n' + pad(level) + ']';
    const items = value.map((v) => pad(level + 1) + printJsonC(v, opts, level + 1));
    return '[\n' + items.join(',\n') + '\n' + pad(level) + ']';
  }
  // undefined members are left out, like optional json_object_*_add calls that were skipped.
  const members = Object.entries(value).filter((e): e is [string, JsonC] => e[1] !== undefined);
  if (members.length === 0) return '{\n' + pad(level) + '}';
  const lines = members.map(([k, v]) => `${pad(level + 1)}${printJsonC(k, opts)}:${printJsonC(v, opts, level + 1)}`);
  return '{\n' + lines.join(',\n') + '\n' + pad(level) + '}';
}
