/**
 * What every command handler gets: global flags, lazily loaded config, the selected clusters,
 * and where to write. Handlers stay thin: build a context, call src/, print.
 */
import type { Writable } from 'node:stream';
import { UserError } from '../errors/index.js';
import type { ClusterConfig, LoadedConfig } from '../config/index.js';
import type { OutputFormat } from './output.js';

export interface GlobalArgs {
  config?: string | undefined;
  cluster?: string[] | undefined;
  output: OutputFormat;
  color: boolean;
  readonly: boolean;
  verbose: boolean;
}

export interface RunState {
  exitCode: number;
}

export interface CommandContext {
  args: GlobalArgs;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  run: RunState;
  /** plat.yaml, loaded on first use (throws ConfigError with file:line problems). */
  loadConfig(): Promise<LoadedConfig>;
  /** The clusters selected by --cluster (all when absent); unknown names are a UserError listing the valid ones. */
  selectClusters(config: LoadedConfig['config']): ClusterConfig[];
  /** A cluster is read-only when --readonly is given or plat.yaml says readOnly: true. */
  isReadOnly(cluster: ClusterConfig): boolean;
  out(text: string): void;
  /** Progress/log line on stderr (never on stdout, which carries data). */
  log(line: string): void;
}

export function makeContext(argv: Record<string, unknown>, io: { stdout: CommandContext['stdout']; stderr: Writable; env: NodeJS.ProcessEnv; cwd: string }): CommandContext {
  const args: GlobalArgs = {
    config: argv.config as string | undefined,
    cluster: normaliseClusters(argv.cluster),
    output: (argv.output as OutputFormat) ?? 'table',
    color: argv.color !== false,
    readonly: argv.readonly === true,
    verbose: argv.verbose === true,
  };
  let loaded: Promise<LoadedConfig> | undefined;
  return {
    args,
    env: io.env,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    run: (argv.__run as RunState | undefined) ?? { exitCode: 0 },
    loadConfig() {
      loaded ??= import('../config/validated-cache.js').then((m) => m.loadConfigCached({ flag: args.config, env: io.env, cwd: io.cwd }));
      return loaded;
    },
    selectClusters(config) {
      if (!args.cluster || args.cluster.length === 0) return config.clusters;
      const known = config.clusters.map((c) => c.name);
      const unknown = args.cluster.filter((n) => !known.includes(n));
      if (unknown.length > 0) {
        throw new UserError(`unknown cluster ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, { hint: `clusters in plat.yaml: ${known.join(', ')}` });
      }
      return config.clusters.filter((c) => args.cluster!.includes(c.name));
    },
    isReadOnly(cluster) {
      return args.readonly || cluster.readOnly;
    },
    out(text) {
      io.stdout.write(text);
    },
    log(line) {
      io.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
    },
  };
}

/** `--cluster a --cluster b` and `--cluster a,b` both work. */
function normaliseClusters(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}
