/**
 * `talosctl get -o yaml`: per resource `node:`, `metadata:`, `spec:`, documents separated by a
 * `---` line with no leading separator (output/yaml.go). Read as YAML 1.2 (the `yaml` package's
 * default), so `created: 2025-09-01T12:00:00Z` stays a string and `adLacpActive: on` stays `on`,
 * as Go's yaml printed them.
 */
import { parseAllDocuments } from 'yaml';
import { excerpt, ParseError } from '../errors/index.js';
import { toTalosResource } from './resource.js';
import type { TalosResource } from './types.js';

// NUL and other C0 controls never appear in talosctl YAML; the yaml package would read them as text.
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f]/;

export function parseResourceYaml(text: string, command: string): TalosResource[] {
  const bad = CONTROL.exec(text);
  if (bad) {
    throw new ParseError(command, `binary data in YAML output: "${excerpt(text.slice(Math.max(0, bad.index - 20), bad.index + 20), 40)}"`);
  }
  const out: TalosResource[] = [];
  parseAllDocuments(text).forEach((doc, k) => {
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line;
      throw new ParseError(command, `invalid YAML in document ${k + 1}${line ? ` (line ${line})` : ''}: ${excerpt(first.message.split('\n')[0] ?? '', 80)}`);
    }
    const value: unknown = doc.toJS();
    // A trailing `---` or a comment-only document holds nothing.
    if (value === null || value === undefined) return;
    out.push(toTalosResource(value, command, `document ${k + 1}`));
  });
  return out;
}
