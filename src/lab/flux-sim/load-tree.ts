/**
 * Validates a Flux tree description: the zod schema first, then cross-references (every
 * dependsOn, sourceRef and owning Kustomization must exist, no duplicates). Problems are
 * ConfigError lines `file:line:col path: message` when the tree came from YAML we parsed.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { dependencyRef, explicitTreeSchema, generatedTreeSchema, type ExplicitFluxTree, type FluxTreeSpec } from './tree-schema.js';

export type TreePath = (string | number)[];
/** Maps a path inside the tree to `file:line:col` (of the key itself when `atKey`), or undefined. */
export type Locator = (path: TreePath, atKey?: boolean) => string | undefined;

interface Problem {
  path: TreePath;
  message: string;
  atKey?: boolean;
}

export function formatPath(path: TreePath): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/**
 * A Locator over a parsed YAML document; `prefix` is where the tree sits in it (e.g. a scenario's
 * `clusters[0].flux`). A path that does not exist (a missing key) points at its nearest parent.
 */
export function yamlLocator(doc: Document, lines: LineCounter, file: string, prefix: TreePath = []): Locator {
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  return (path, atKey) => {
    const full = [...prefix, ...path];
    if (atKey && full.length > 0) {
      const parent = doc.getIn(full.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === full[full.length - 1]) : undefined;
      const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return at(offset);
    }
    for (let n = full.length; n >= 0; n--) {
      const node = doc.getIn(full.slice(0, n), true) as Node | undefined;
      const offset = node && (isMap(node) || isSeq(node) || isScalar(node)) ? node.range?.[0] : undefined;
      if (offset !== undefined) return at(offset);
      if (n === 0 && doc.contents?.range) return at(doc.contents.range[0]);
    }
    return undefined;
  };
}

function zodProblems(issues: z.core.$ZodIssue[]): Problem[] {
  return issues.map((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (i.code === 'unrecognized_keys') return { path: [...path, i.keys[0] as string], message: `unknown field (${i.keys.map((k) => `"${k}"`).join(', ')})`, atKey: true };
    return { path, message: i.message };
  });
}

/** Cross-reference checks the schema cannot express. */
export function treeProblems(tree: ExplicitFluxTree): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const key = (kind: string, ns: string, n: string): string => `${kind}/${ns}/${n}`;
  const add = (kind: string, ns: string, n: string, path: TreePath): void => {
    const k = key(kind, ns, n);
    if (seen.has(k)) problems.push({ path: [...path, 'name'], message: `duplicate ${kind} ${ns}/${n}` });
    seen.add(k);
  };
  tree.sources.forEach((s, i) => add(s.kind, s.namespace, s.name, ['sources', i]));
  tree.kustomizations.forEach((k, i) => add('Kustomization', k.namespace, k.name, ['kustomizations', i]));
  tree.helmReleases.forEach((h, i) => add('HelmRelease', h.namespace, h.name, ['helmReleases', i]));

  tree.kustomizations.forEach((k, i) => {
    const src = k.sourceRef;
    if (!seen.has(key(src.kind, src.namespace ?? k.namespace, src.name))) {
      problems.push({ path: ['kustomizations', i, 'sourceRef'], message: `unknown ${src.kind} ${src.namespace ?? k.namespace}/${src.name}` });
    }
    k.dependsOn.forEach((d, j) => {
      const ref = dependencyRef(d, k.namespace);
      // A Kustomization can only depend on Kustomizations (flux.md §7).
      if (!seen.has(key('Kustomization', ref.namespace, ref.name))) problems.push({ path: ['kustomizations', i, 'dependsOn', j], message: `unknown Kustomization ${ref.namespace}/${ref.name}` });
    });
  });
  tree.helmReleases.forEach((h, i) => {
    const src = h.sourceRef;
    if (!seen.has(key(src.kind, src.namespace ?? h.namespace, src.name))) {
      problems.push({ path: ['helmReleases', i, 'sourceRef'], message: `unknown ${src.kind} ${src.namespace ?? h.namespace}/${src.name}` });
    }
    h.dependsOn.forEach((d, j) => {
      const ref = dependencyRef(d, h.namespace);
      if (!seen.has(key('HelmRelease', ref.namespace, ref.name))) problems.push({ path: ['helmReleases', i, 'dependsOn', j], message: `unknown HelmRelease ${ref.namespace}/${ref.name}` });
    });
    if (h.kustomization && !seen.has(key('Kustomization', 'flux-system', h.kustomization))) {
      problems.push({ path: ['helmReleases', i, 'kustomization'], message: `unknown Kustomization flux-system/${h.kustomization}` });
    }
  });
  return problems;
}

/** Validates a tree (already parsed from YAML or built in code); `source` names it in errors. */
export function loadFluxTree(spec: unknown, source: string, locate?: Locator): FluxTreeSpec {
  const generated = spec !== null && typeof spec === 'object' && 'generate' in spec;
  const parsed = generated ? generatedTreeSchema.safeParse(spec) : explicitTreeSchema.safeParse(spec);
  const problems = parsed.success ? (generated ? [] : treeProblems(parsed.data as ExplicitFluxTree)) : zodProblems(parsed.error.issues);
  if (problems.length === 0 && parsed.success) return parsed.data;
  const lines = problems.map((p) => `${locate?.(p.path, p.atKey) ?? source} ${formatPath(p.path) || '(top)'}: ${p.message}`);
  throw new ConfigError(`invalid Flux tree ${source}: ${lines[0] ?? ''}${lines.length > 1 ? ` (and ${lines.length - 1} more)` : ''}`, { problems: lines });
}

/** Parses YAML text, keeping positions so problems carry `file:line:col`. */
export function parseFluxTreeYaml(text: string, file: string): FluxTreeSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return `${file}:${line}:${col} ${e.message.split('\n')[0] ?? ''}`;
    });
    throw new ConfigError(`invalid YAML in ${file}: ${problems[0] ?? ''}`, { problems });
  }
  return loadFluxTree(doc.toJS(), file, yamlLocator(doc, lines, file));
}
