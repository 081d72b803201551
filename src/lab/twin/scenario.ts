/**
 * Loading a scenario file: YAML → zod → cross-checks. Every problem is reported as
 * `file:line:col path: message`, pointing at the offending YAML node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { ConfigError } from '../../errors/index.js';
import { FAULT_NAMES } from './types.js';
import { clusterNodes, ipToNumber, ScenarioSchema, type Scenario } from './scenario-schema.js';

/** The folder holding package.json (works from src/ under tsx and from dist/ after the build). */
export function labPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'lab'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('plat package root not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export function scenariosDir(): string {
  return join(labPackageRoot(), 'src', 'lab', 'scenarios');
}

/** `healthy` → the shipped file; anything with a slash or a .yaml suffix → that path. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (/[\\/]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath)) return resolve(nameOrPath);
  return join(scenariosDir(), `${nameOrPath}.yaml`);
}

interface Issue {
  path: (string | number)[];
  message: string;
}

function locate(doc: Document, lc: LineCounter, path: (string | number)[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const { line, col } = lc.linePos(node.range[0]);
      return `${line}:${col}`;
    }
  }
  return '1:1';
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

/** Checks zod cannot express: unique names/IPs, pools that do not overlap, valid fault targets. */
function crossCheck(s: ReturnType<typeof ScenarioSchema.parse>): Issue[] {
  const issues: Issue[] = [];
  const names = new Map<string, string>();
  const ips = new Map<string, string>();
  const pools: { cluster: number; lo: number; hi: number; name: string }[] = [];
  s.clusters.forEach((c, ci) => {
    clusterNodes(c).forEach((n, ni) => {
      const at: (string | number)[] = c.nodes ? ['clusters', ci, 'nodes', ni, 'name'] : ['clusters', ci, 'generate'];
      if (names.has(n.name)) issues.push({ path: at, message: `node name ${n.name} is used twice` });
      if (ips.has(n.ip)) issues.push({ path: at, message: `node IP ${n.ip} is already used by ${ips.get(n.ip)}` });
      names.set(n.name, c.name);
      ips.set(n.ip, n.name);
    });
    const lo = ipToNumber(c.lbPool.start);
    const hi = ipToNumber(c.lbPool.stop);
    if (hi < lo) issues.push({ path: ['clusters', ci, 'lbPool', 'stop'], message: 'stop is before start' });
    for (const p of pools) {
      if (lo <= p.hi && p.lo <= hi)
        issues.push({ path: ['clusters', ci, 'lbPool'], message: `overlaps the LB pool ${p.name} of another cluster` });
    }
    pools.push({ cluster: ci, lo, hi, name: c.lbPool.name });
    c.services.forEach((svc, si) => {
      const v = ipToNumber(svc.ip);
      if (v < lo || v > hi)
        issues.push({ path: ['clusters', ci, 'services', si, 'ip'], message: `${svc.ip} is outside the pool ${c.lbPool.start}-${c.lbPool.stop}` });
    });
  });
  s.faults.forEach((f, fi) => {
    if (f.fault === 'flux-failing') {
      if (!/^(ks|hr)\/[a-z0-9-]+\/[a-z0-9.-]+$/.test(f.target))
        issues.push({ path: ['faults', fi, 'target'], message: 'flux-failing needs ks/<namespace>/<name> or hr/<namespace>/<name>' });
    } else if (!names.has(f.target)) {
      issues.push({ path: ['faults', fi, 'target'], message: `unknown node ${f.target} (nodes: ${[...names.keys()].join(', ')})` });
    }
  });
  return issues;
}

/** Parse scenario text; `source` names the file in messages. */
export function parseScenario(text: string, source: string): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const problems: string[] = [];
  for (const e of doc.errors) {
    const { line, col } = lc.linePos(e.pos[0]);
    problems.push(`${source}:${line}:${col} (yaml): ${e.message.split('\n')[0]}`);
  }
  if (problems.length === 0) {
    const parsed = ScenarioSchema.safeParse(doc.toJS());
    const issues: Issue[] = parsed.success
      ? crossCheck(parsed.data)
      : parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
    for (const i of issues) problems.push(`${source}:${locate(doc, lc, i.path)} ${formatPath(i.path)}: ${i.message}`);
    if (problems.length === 0 && parsed.success) {
      const fallback = source.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
      return { ...parsed.data, name: parsed.data.name ?? fallback, source };
    }
  }
  throw new ConfigError(`scenario ${source} is invalid: ${problems[0]}`, {
    problems,
    hint: `fix the file; valid faults are ${FAULT_NAMES.join(', ')}`,
  });
}

/** `loadScenario('healthy')` or `loadScenario('./my.yaml')`. */
export function loadScenario(nameOrPath: string): Scenario {
  const path = resolveScenarioPath(nameOrPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    const shipped = ['healthy', 'degraded', 'large'].join(', ');
    throw new ConfigError(`scenario ${nameOrPath} not found (${path})`, { hint: `shipped scenarios: ${shipped}` });
  }
  return parseScenario(text, path);
}
