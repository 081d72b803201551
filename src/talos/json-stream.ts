/**
 * `talosctl get -o json` writes one 4-space-indented object per resource per node, each from a
 * fresh json.Encoder — no array, no commas (output/json.go, unchanged v1.8 → v1.14). So stdout
 * is a stream of JSON values, not one JSON document. We scan it with a small state machine
 * (depth + inside-string + escape) instead of splitting on `}\n{`, which breaks on strings that
 * hold braces or on encoders that change indentation.
 */
import { excerpt, ParseError } from '../errors/index.js';
import { toTalosResource } from './resource.js';
import type { TalosResource } from './types.js';

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Split a concatenation of JSON objects into parsed values. Empty text gives []. */
export function splitJsonStream(text: string, command: string): unknown[] {
  const values: unknown[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) return values;
    if (text[i] !== '{') {
      throw new ParseError(
        command,
        `expected a JSON object at line ${lineAt(text, i)}, found "${excerpt(text.slice(i, i + 40), 40)}"`,
      );
    }
    const start = i;
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) {
      throw new ParseError(
        command,
        `truncated JSON: object ${values.length + 1} starting at line ${lineAt(text, start)} is not closed`,
      );
    }
    try {
      values.push(JSON.parse(text.slice(start, i)));
    } catch (e) {
      throw new ParseError(
        command,
        `invalid JSON in object ${values.length + 1} (line ${lineAt(text, start)}): ${excerpt((e as Error).message, 60)}`,
      );
    }
  }
}

/** `talosctl get <type> -o json` → resources, in the order printed (node by node, IDs sorted). */
export function parseResourceJson(text: string, command: string): TalosResource[] {
  return splitJsonStream(text, command).map((v, k) => toTalosResource(v, command, `object ${k + 1}`));
}
