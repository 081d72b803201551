/**
 * talosctl tables come from Go's text/tabwriter with padding 3 (cmd/talosctl/cmd/talos/output/table.go):
 * every cell of a column starts at the same offset, header names are separated by at least three
 * spaces while a name itself holds single spaces (`DB SIZE`, `LAST CHANGE`). Cells can be blank
 * (maintenance mode leaves NODE empty, `ALIAS`/`KIND`/`ERRORS` are often empty), so rows are cut at
 * the header's column offsets rather than split on whitespace. Trailing blanks are kept by
 * tabwriter and trimmed here.
 */
import { excerpt, ParseError } from '../errors/index.js';

export interface TalosTable {
  columns: string[];
  rows: string[][];
}

const HEADER_NAME = /^[A-Z*][A-Z0-9 *_./()%-]*$/;
// Anything that is not printable text: NUL and other C0 controls (tab is never used by tabwriter output).
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

interface Header {
  columns: string[];
  starts: number[];
}

/** Header cells: runs of non-blank text holding at most single spaces. */
function headerCells(line: string): Header {
  const columns: string[] = [];
  const starts: number[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    columns.push(m[0]);
    starts.push(m.index);
  }
  return { columns, starts };
}

function readHeader(line: string, command: string): Header {
  const h = headerCells(line);
  if (CONTROL.test(line) || h.columns.length === 0 || !h.columns.every((c) => HEADER_NAME.test(c))) {
    throw new ParseError(command, `expected a table header, found "${excerpt(line)}"`);
  }
  return h;
}

/**
 * Cut a tabwriter table into cells. Empty text gives an empty table (no columns). A repeated
 * header line (several tabwriter flushes, e.g. one per node) re-reads the column offsets.
 */
export function parseTable(text: string, command: string): TalosTable {
  const lines = text.replace(/\r/g, '').split('\n');
  let header: Header | undefined;
  let columns: string[] = [];
  const rows: string[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (!header) {
      header = readHeader(line, command);
      columns = header.columns;
      return;
    }
    if (sameNames(line, columns)) {
      header = readHeader(line, command);
      return;
    }
    if (CONTROL.test(line)) throw new ParseError(command, `line ${i + 1} holds binary data: "${excerpt(line)}"`);
    rows.push(cutRow(line, header, command, i + 1));
  });
  return { columns, rows };
}

function sameNames(line: string, columns: string[]): boolean {
  const h = headerCells(line);
  return h.columns.length === columns.length && h.columns.every((c, i) => c === columns[i]);
}

function cutRow(line: string, header: Header, command: string, lineNo: number): string[] {
  const { starts, columns } = header;
  return starts.map((start, k) => {
    if (k > 0 && start < line.length && line[start - 1] !== ' ') {
      throw new ParseError(
        command,
        `line ${lineNo} is not aligned with column "${columns[k]}": "${excerpt(line)}"`,
      );
    }
    const end = k + 1 < starts.length ? starts[k + 1] : undefined;
    return line.slice(start, end).trim();
  });
}

/**
 * Check the header against the layouts a command is known to print; returns the index of the
 * layout that matched. The error names what was seen and what was expected.
 */
export function expectColumns(table: TalosTable, command: string, layouts: string[][]): number {
  const got = table.columns.join(' ');
  const found = layouts.findIndex((l) => l.join(' ') === got);
  if (found < 0) {
    const expected = layouts.map((l) => l.join(' ')).join('" or "');
    throw new ParseError(command, `unexpected columns "${excerpt(got, 120)}" (expected "${excerpt(expected, 200)}")`);
  }
  return found;
}

/** Rows as records keyed by header name (the first of duplicate names wins). */
export function tableRecords(table: TalosTable): Record<string, string>[] {
  return table.rows.map((cells) => {
    const rec: Record<string, string> = {};
    table.columns.forEach((c, i) => {
      if (!(c in rec)) rec[c] = cells[i] ?? '';
    });
    return rec;
  });
}

/** The layout with and without the NODE column (talosctl ≤1.13 prints NODE only when the reply carries node metadata). */
export function withOptionalNode(columns: string[]): string[][] {
  return [['NODE', ...columns], columns];
}
