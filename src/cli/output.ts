/**
 * Output formats shared by every command: data to stdout as table | json | yaml | jsonl,
 * progress and logs to stderr. `-o json|yaml` print the model, not the table.
 */
import { visibleWidth } from './style.js';

export type OutputFormat = 'table' | 'json' | 'yaml' | 'jsonl';
export const outputFormats: readonly OutputFormat[] = ['table', 'json', 'yaml', 'jsonl'];

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
}

/** Left-aligned columns separated by three spaces (like kubectl/talosctl), header in upper case. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.header), ...cells.map((row) => visibleWidth(row[i]!))));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => {
        const pad = ' '.repeat(widths[i]! - visibleWidth(v));
        return columns[i]!.align === 'right' ? pad + v : i === vals.length - 1 ? v : v + pad;
      })
      .join('   ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}

export async function formatData(data: unknown, format: Exclude<OutputFormat, 'table'>): Promise<string> {
  switch (format) {
    case 'json':
      return JSON.stringify(data, null, 2) + '\n';
    case 'jsonl':
      return (Array.isArray(data) ? data : [data]).map((d) => JSON.stringify(d)).join('\n') + '\n';
    case 'yaml': {
      const { stringify } = await import('yaml');
      return stringify(data, { lineWidth: 0 });
    }
  }
}

/** One JSON object per line for long actions' events (`-o jsonl`). */
export function jsonLine(event: unknown): string {
  return JSON.stringify(event) + '\n';
}
