/**
 * YAML with positions: parse once, keep the document so any problem found later (schema,
 * duplicates, cron) can be reported as `file:line:col path: message`. Shared by plat.yaml,
 * runbooks and lab scenarios.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import { ConfigError } from '../errors/index.js';

export type PathKey = string | number;

export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      return `${where} ${firstLine(e.message)}`;
    });
    throw new ConfigError(`${file} is not valid YAML`, { problems, hint: 'fix the YAML syntax at the line shown' });
  }
  return { file, doc, lines, value: doc.toJS() };
}

function firstLine(s: string): string {
  // prettyErrors appends " at line L, column C:" and a code excerpt; we print the position ourselves.
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
}

/** `clusters[1].nodes[0].ip` */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${k}` : k;
  return out || '(top level)';
}

/** line:col of the node at `path`; with `key`, of that key inside the map at `path`. Falls back to the nearest parent. */
export function positionOf(src: YamlSource, path: readonly PathKey[], key?: string): { line: number; col: number } {
  let p = [...path];
  for (;;) {
    const node = p.length === 0 ? (src.doc.contents as Node | null) : (src.doc.getIn(p, true) as Node | undefined);
    if (node && typeof node === 'object') {
      if (key !== undefined && isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === key);
        const kn = pair && (pair.key as Node | null);
        if (kn?.range) return src.lines.linePos(kn.range[0]);
      }
      if (node.range) return src.lines.linePos(node.range[0]);
    }
    if (p.length === 0) return { line: 1, col: 1 };
    p = p.slice(0, -1);
    key = undefined;
  }
}

export function problemAt(src: YamlSource, path: readonly PathKey[], message: string, key?: string): string {
  const { line, col } = positionOf(src, path, key);
  const shown = key === undefined ? path : [...path, key];
  return `${src.file}:${line}:${col} ${formatPath(shown)}: ${message}`;
}
