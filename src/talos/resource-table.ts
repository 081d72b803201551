/**
 * `talosctl get <type>` tables: the fixed columns NODE NAMESPACE TYPE ID VERSION, then the type's
 * print columns in upper case (output/table.go). Print columns may repeat a fixed name — `get links`
 * has a second TYPE, `get version` a second VERSION — so they are keyed separately in `columns`.
 * With `--watch` a `*` column comes first (`+`, `-` or blank); it is skipped here.
 */
import { excerpt, ParseError } from '../errors/index.js';
import { parseTable } from './table.js';
import type { ResourceTableRow } from './types.js';

const FIXED = ['NODE', 'NAMESPACE', 'TYPE', 'ID', 'VERSION'];

export function parseResourceTable(text: string, command: string): ResourceTableRow[] {
  const table = parseTable(text, command);
  if (table.columns.length === 0) return [];
  const offset = table.columns[0] === '*' ? 1 : 0;
  const fixed = table.columns.slice(offset, offset + FIXED.length);
  if (fixed.join(' ') !== FIXED.join(' ')) {
    throw new ParseError(
      command,
      `unexpected columns "${excerpt(table.columns.join(' '), 120)}" (expected "${FIXED.join(' ')} …")`,
    );
  }
  const extra = table.columns.slice(offset + FIXED.length);
  return table.rows.map((cells, r) => {
    const at = (k: number) => cells[offset + k] ?? '';
    const version = at(4);
    if (!/^\d+$/.test(version)) {
      throw new ParseError(command, `row ${r + 1}: VERSION "${excerpt(version, 20)}" is not a number`);
    }
    const columns: Record<string, string> = {};
    extra.forEach((name, k) => {
      let key = name;
      for (let n = 2; key in columns; n++) key = `${name} (${n})`;
      columns[key] = cells[offset + FIXED.length + k] ?? '';
    });
    return { node: at(0), namespace: at(1), type: at(2), id: at(3), version: Number(version), columns };
  });
}
