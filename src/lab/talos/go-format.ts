/**
 * Go formatting behaviours talosctl's output depends on, re-implemented: text/tabwriter column
 * blocks, time.Duration.String(), go-humanize Bytes/RelTime, strconv.Quote (%q).
 */

const runeLength = (s: string): number => [...s].length;

/**
 * text/tabwriter with flags 0 and pad char ' ': cells are tab-terminated; the text after the last
 * tab of a line is not a cell and is never padded. A column's width is the widest cell of the
 * block of consecutive lines that have that column, plus `padding`. Trailing blanks are kept.
 */
export function tabwrite(text: string, padding = 3, minwidth = 0): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      cells.forEach((cell, j) => {
        out += cell;
        if (j < widths.length && j < cells.length - 1) out += ' '.repeat(Math.max(0, widths[j]! - runeLength(cell)));
      });
      if (i < lines.length - 1) out += '\n';
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let width = minwidth;
      let j = i;
      for (; j < line1; j++) {
        const cells = lines[j]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeLength(cells[column]!) + padding);
      }
      widths.push(width);
      format(line0, j);
      widths.pop();
      line0 = j;
      i = j;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out;
}

/** time.Duration.String() of a duration already rounded to whole seconds. */
export function goDuration(ms: number): string {
  const neg = ms < 0;
  let s = Math.round(Math.abs(ms) / 1000);
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const text = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  return neg ? `-${text}` : text;
}

/** go-humanize Bytes (SI units): 3.6 MB, 21 MB, 6.0 MB. */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : val.toFixed(0)} ${sizes[e]}`;
}

/** strconv.Quote for the strings we print (paths, node names). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `%q` of a []string: ["a" "b"]. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** Go's time.Time.String() with a monotonic reading, e.g. `2026-11-27 12:00:00.123456789 +0000 UTC m=+0.041236570`. */
export function goTimeString(ms: number, monotonicSec: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = `${p(d.getUTCMilliseconds(), 3)}${p((ms * 1000) % 1000 | 0, 3)}${p(0, 3)}`;
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${frac} +0000 UTC m=+${monotonicSec.toFixed(9)}`;
}

/** go-humanize RelTime coarse buckets for future times ("10 years from now"). */
export function humanizeFuture(ms: number): string {
  const days = ms / 86_400_000;
  if (days >= 730) return `${Math.floor(days / 365)} years from now`;
  if (days >= 365) return '1 year from now';
  if (days >= 60) return `${Math.floor(days / 30)} months from now`;
  if (days >= 30) return '1 month from now';
  if (days >= 2) return `${Math.floor(days)} days from now`;
  return days >= 1 ? '1 day from now' : 'now';
}
