/**
 * Read and check a runbook: YAML with positions, the zod schema, then what only plat.yaml can
 * tell (the cluster and its nodes exist). Every problem is `file:line:col path: message`, all of
 * them in one ConfigError (exit 2), so one run shows everything wrong with the file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as z from 'zod';
import type { PlatConfig } from '../config/index.js';
import { didYouMean, displayPath, parseYamlSource, positionOf, problemAt, zodProblems, type PathKey, type YamlSource } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import { CHECK_NAMES, runbookSchema, STEP_KINDS, type Runbook } from './schema.js';

export interface LoadedRunbook {
  runbook: Runbook;
  /** As shown in messages (relative to cwd when inside it); `(generated)` for `plat upgrade`. */
  file: string;
  sha256: string;
  /** Line of each step in the file (1-based), for messages and the journal. */
  stepLines: number[];
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `- etcd-healthy` is short for `- check: etcd-healthy`; paths stay the same, so positions do too. */
function expandShorthands(value: unknown): void {
  if (!isMap(value)) return;
  const expand = (list: unknown) => {
    if (Array.isArray(list)) list.forEach((c, i) => typeof c === 'string' && (list[i] = { check: c }));
  };
  expand(value.gates);
  if (!Array.isArray(value.steps)) return;
  for (const s of value.steps) {
    if (!isMap(s)) continue;
    expand(s.checks);
    if (typeof s.for === 'string') s.for = { check: s.for };
  }
}

/** zod's "No matching discriminator" becomes: is required / unknown step kind "x" (did you mean …). */
function discriminatorProblem(src: YamlSource, path: PathKey[]): string {
  const key = String(path[path.length - 1]);
  const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PathKey, unknown>)[k] : undefined), src.value);
  const options: readonly string[] = key === 'kind' ? STEP_KINDS : CHECK_NAMES;
  const what = key === 'kind' ? 'step kind' : 'check';
  if (value === undefined) return problemAt(src, path.slice(0, -1), `${key} is required (one of: ${options.join(', ')})`);
  const guess = typeof value === 'string' ? didYouMean(value, options) : undefined;
  return problemAt(src, path, `unknown ${what} ${JSON.stringify(value)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}; expected one of: ${options.join(', ')}`);
}

function semanticProblems(src: YamlSource, rb: Runbook, config: PlatConfig): string[] {
  const cluster = config.clusters.find((c) => c.name === rb.cluster);
  if (!cluster) {
    const known = config.clusters.map((c) => c.name);
    const guess = didYouMean(rb.cluster, known);
    return [problemAt(src, ['cluster'], `unknown cluster ${JSON.stringify(rb.cluster)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}; clusters in plat.yaml: ${known.join(', ')}`)];
  }
  const out: string[] = [];
  const names = cluster.nodes.map((n) => n.name);
  rb.steps.forEach((s, i) => {
    if (s.kind !== 'talos-upgrade' || !s.nodes) return;
    const seen = new Set<string>();
    s.nodes.forEach((n, j) => {
      if (!names.includes(n)) out.push(problemAt(src, ['steps', i, 'nodes', j], `${JSON.stringify(n)} is not a node of ${cluster.name} (${names.join(', ')})`));
      else if (seen.has(n)) out.push(problemAt(src, ['steps', i, 'nodes', j], `${n} is listed twice`));
      seen.add(n);
    });
  });
  return out;
}

function byPosition(problems: string[]): string[] {
  const key = (p: string) => {
    const m = /:(\d+):(\d+) /.exec(p);
    return m ? Number(m[1]) * 10000 + Number(m[2]) : 0;
  };
  return [...problems].sort((a, b) => key(a) - key(b));
}

/** Check runbook text; `file` names it in messages. With `config`, the cluster and nodes are checked too. */
export function parseRunbook(text: string, file: string, config?: PlatConfig): LoadedRunbook {
  const src = parseYamlSource(text, file);
  if (!isMap(src.value)) {
    throw new ConfigError(`${file} is not a runbook`, { problems: [`${file}:1:1 (top level): expected a map with name, cluster and steps`], hint: 'see the examples in src/upgrade/examples/' });
  }
  expandShorthands(src.value);
  const parsed = runbookSchema.safeParse(src.value);
  const problems: string[] = [];
  if (!parsed.success) {
    const rest: z.core.$ZodIssue[] = [];
    for (const iss of parsed.error.issues) {
      const path = iss.path.filter((p): p is PathKey => typeof p !== 'symbol');
      if (iss.code === 'invalid_union' && (iss as { note?: string }).note === 'No matching discriminator') problems.push(discriminatorProblem(src, path));
      else rest.push(iss);
    }
    problems.push(...zodProblems(src, runbookSchema, rest));
  } else if (config) problems.push(...semanticProblems(src, parsed.data, config));
  if (problems.length) {
    const n = problems.length;
    throw new ConfigError(`${file} has ${n} problem${n === 1 ? '' : 's'}`, { problems: byPosition(problems), hint: 'fix the lines shown, then: plat runbook plan ' + file });
  }
  const runbook = parsed.data!;
  return {
    runbook,
    file,
    sha256: createHash('sha256').update(text).digest('hex'),
    stepLines: runbook.steps.map((_, i) => positionOf(src, ['steps', i]).line),
  };
}

export function loadRunbookFile(path: string, cwd: string, config?: PlatConfig): LoadedRunbook {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read runbook ${displayPath(abs, cwd)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? 'error'}`, { hint: 'give the path of a runbook YAML file' });
  }
  return parseRunbook(text, displayPath(abs, cwd), config);
}
