/** Read, parse and check plat.yaml; every problem is reported with file:line:col. */
import { ConfigError } from '../errors/index.js';
import { platConfigSchema, type PlatConfig } from './schema.js';
import { readConfigFile, displayPath, type LocateInput, type ConfigLocation } from './locate.js';
import { parseYamlSource, problemAt, formatPath, type PathKey, type YamlSource } from './yaml-source.js';
import { zodProblems } from './zod-problems.js';
import { checkCron } from './cron-check.js';

export interface LoadedConfig {
  config: PlatConfig;
  location: ConfigLocation;
}

export function loadConfig(input: LocateInput): LoadedConfig {
  const { location, text } = readConfigFile(input);
  return { config: parseConfigText(text, displayPath(location.path, input.cwd)), location };
}

/** Validate plat.yaml text; `file` is the name used in messages. Throws ConfigError listing every problem. */
export function parseConfigText(text: string, file: string): PlatConfig {
  const src = parseYamlSource(text, file);
  if (src.value === null || src.value === undefined) {
    throw new ConfigError(`${file} is empty`, { problems: [`${file}:1:1 (top level): the file is empty`], hint: 'start from: plat config init' });
  }
  const parsed = platConfigSchema.safeParse(src.value);
  // Cross-field checks run on the raw value too, so one run reports every problem in the file.
  const problems = [...(parsed.success ? [] : zodProblems(src, platConfigSchema, parsed.error.issues)), ...semanticProblems(src, src.value as RawConfig)];
  if (problems.length > 0) throw invalid(file, sortByPosition(problems));
  return parsed.data!;
}

function invalid(file: string, problems: string[]): ConfigError {
  const n = problems.length;
  return new ConfigError(`${file} has ${n} problem${n === 1 ? '' : 's'}`, { problems, hint: 'fix the lines shown, then run: plat config validate' });
}

/** Checks zod cannot express on one field: uniqueness across the file, cron syntax, pool overlap. */
/** The parts of an unvalidated file the cross-field checks read; anything may be missing or mistyped. */
interface RawConfig {
  clusters?: { name?: unknown; id?: unknown; nodes?: { name?: unknown; ip?: unknown }[] }[];
  backup?: { schedule?: unknown; timezone?: unknown; destinations?: { name?: unknown }[] };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function sortByPosition(problems: string[]): string[] {
  const key = (p: string) => {
    const m = /:(\d+):(\d+) /.exec(p);
    return m ? Number(m[1]) * 10000 + Number(m[2]) : 0;
  };
  return [...problems].sort((a, b) => key(a) - key(b));
}

function semanticProblems(src: YamlSource, raw: RawConfig): string[] {
  const out: string[] = [];
  const cfg = {
    clusters: (Array.isArray(raw?.clusters) ? raw.clusters : []).map((c) => ({
      name: str(c?.name), id: typeof c?.id === 'number' ? c.id : undefined, nodes: Array.isArray(c?.nodes) ? c.nodes.map((n) => ({ name: str(n?.name), ip: str(n?.ip) })) : [],
    })),
    backup: {
      schedule: typeof raw?.backup?.schedule === 'string' ? raw.backup.schedule : '0 */6 * * *',
      timezone: typeof raw?.backup?.timezone === 'string' ? raw.backup.timezone : 'UTC',
      destinations: (Array.isArray(raw?.backup?.destinations) ? raw.backup.destinations : []).map((d) => ({ name: str(d?.name) })),
    },
  };
  /** Reports the second and later uses of a value that must be unique; undefined values were reported by the schema. */
  const unique = (label: string) => {
    const first = new Map<string | number, string>();
    return (value: string | number | undefined, path: PathKey[]) => {
      if (value === undefined) return;
      const prev = first.get(value);
      if (prev !== undefined) out.push(problemAt(src, path, `duplicate ${label} ${JSON.stringify(value)} (also ${prev})`));
      else first.set(value, formatPath(path.slice(0, -1)));
    };
  };
  const clusterName = unique('cluster name');
  const clusterId = unique('cluster id');
  const nodeIp = unique('node IP');
  const nodeName = unique('node name');
  cfg.clusters.forEach((c, ci) => {
    clusterName(c.name, ['clusters', ci, 'name']);
    clusterId(c.id, ['clusters', ci, 'id']);
    c.nodes.forEach((n, ni) => {
      nodeIp(n.ip, ['clusters', ci, 'nodes', ni, 'ip']);
      nodeName(n.name, ['clusters', ci, 'nodes', ni, 'name']);
    });
  });
  const cronProblem = checkCron(cfg.backup.schedule, cfg.backup.timezone);
  if (cronProblem) out.push(problemAt(src, ['backup', cronProblem.field], cronProblem.message));
  const destName = unique('destination name');
  cfg.backup.destinations.forEach((d, di) => destName(d.name, ['backup', 'destinations', di, 'name']));
  return out;
}
