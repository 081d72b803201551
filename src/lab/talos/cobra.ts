/**
 * Just enough of spf13/cobra + pflag to fail the way talosctl fails: command lookup, flag
 * parsing (interspersed flags, `--x=v`, `-xv`, combined bool shorthands, `--`), args
 * validators and the exact usage text. Error strings are pflag's and cobra's verbatim.
 */

export type FlagType = 'bool' | 'string' | 'strings' | 'duration' | 'int' | 'int32';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** Default as pflag prints it (DefValue); '' / 'false' / '0' / '[]' are zero and not shown. */
  def?: string;
  usage: string;
  hidden?: boolean;
  /** Shown instead of the type name (pflag UnquoteUsage takes a `backquoted` word from the usage). */
  varname?: string;
}

export type ArgsRule = { kind: 'none' } | { kind: 'any' } | { kind: 'exact'; n: number } | { kind: 'range'; min: number; max: number } | { kind: 'max'; n: number };

export interface CommandSpec {
  name: string;
  use: string;
  short: string;
  long?: string;
  aliases?: string[];
  args?: ArgsRule;
  flags?: FlagSpec[];
  children?: CommandSpec[];
  /** Runnable commands carry the id of their handler. */
  run?: string;
}

export type FlagValues = Record<string, string | boolean | string[] | number>;

export class CobraError extends Error {
  constructor(
    message: string,
    readonly cmd: CommandSpec,
    readonly path: string[],
  ) {
    super(message);
  }
}

export interface Parsed {
  cmd: CommandSpec;
  path: string[];
  args: string[];
  flags: FlagValues;
  help: boolean;
}

function allFlags(cmd: CommandSpec, globals: FlagSpec[]): FlagSpec[] {
  return [...(cmd.flags ?? []), ...globals, { name: 'help', short: 'h', type: 'bool', usage: `help for ${cmd.name}` }];
}

const GO_DURATION = /^([-+]?)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/;

function convert(f: FlagSpec, raw: string, shown: string): string | boolean | number | string[] {
  const bad = (why: string) => new Error(`invalid argument ${JSON.stringify(raw)} for "${shown}" flag: ${why}`);
  switch (f.type) {
    case 'bool':
      if (/^(1|t|T|TRUE|true|True)$/.test(raw)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(raw)) return false;
      throw bad(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
    case 'int':
    case 'int32':
      if (!/^[-+]?\d+$/.test(raw)) throw bad(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
      return Number(raw);
    case 'duration':
      if (raw !== '0' && !GO_DURATION.test(raw)) throw bad(`time: invalid duration ${JSON.stringify(raw)}`);
      return raw;
    case 'strings':
      return raw === '' ? [] : raw.split(',');
    default:
      return raw;
  }
}

/** Index of the first positional argument (cobra stripFlags: a flag not known as bool takes the next word). */
function firstPositional(args: string[], specs: FlagSpec[]): number {
  const isBool = (f: FlagSpec | undefined) => f?.type === 'bool';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return -1;
    if (a.startsWith('--')) {
      if (!a.includes('=') && !isBool(specs.find((f) => f.name === a.slice(2)))) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      if (a.length === 2 && !isBool(specs.find((f) => f.short === a[1]))) i++;
    } else return i;
  }
  return -1;
}

/** cobra Find: descend while the first positional argument names a subcommand (or alias). */
function findCommand(root: CommandSpec, argv: string[], globals: FlagSpec[]): { cmd: CommandSpec; path: string[]; rest: string[] } {
  let cmd = root;
  const path = [root.name];
  const rest = [...argv];
  for (;;) {
    const at = firstPositional(rest, allFlags(cmd, globals));
    if (at < 0) break;
    const word = rest[at]!;
    const child = cmd.children?.find((c) => c.name === word || c.aliases?.includes(word));
    if (!child) break;
    rest.splice(at, 1);
    cmd = child;
    path.push(child.name);
  }
  return { cmd, path, rest };
}

export function parseArgv(root: CommandSpec, argv: string[], globals: FlagSpec[]): Parsed {
  const { cmd, path, rest } = findCommand(root, argv, globals);
  const specs = allFlags(cmd, globals);
  const flags: FlagValues = {};
  const args: string[] = [];
  const fail = (m: string) => new CobraError(m, cmd, path);
  const set = (f: FlagSpec, raw: string, shown: string) => {
    try {
      const v = convert(f, raw, shown);
      flags[f.name] = f.type === 'strings' ? [...((flags[f.name] as string[] | undefined) ?? []), ...(v as string[])] : v;
    } catch (e) {
      throw fail((e as Error).message);
    }
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') {
      args.push(...rest.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const f = specs.find((s) => s.name === name);
      if (!f) throw fail(`unknown flag: --${name}`);
      const shown = f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
      if (value !== undefined) set(f, value, shown);
      else if (f.type === 'bool') flags[f.name] = true;
      else if (i + 1 < rest.length) set(f, rest[++i]!, shown);
      else throw fail(`flag needs an argument: --${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      const shorts = a.slice(1);
      for (let j = 0; j < shorts.length; j++) {
        const c = shorts[j]!;
        const f = specs.find((s) => s.short === c);
        if (!f) throw fail(`unknown shorthand flag: '${c}' in ${a}`);
        const shown = `-${c}, --${f.name}`;
        const tail = shorts.slice(j + 1);
        if (f.type === 'bool') {
          if (tail.startsWith('=')) {
            set(f, tail.slice(1), shown);
            break;
          }
          flags[f.name] = true;
          continue;
        }
        if (tail !== '') set(f, tail.startsWith('=') ? tail.slice(1) : tail, shown);
        else if (i + 1 < rest.length) set(f, rest[++i]!, shown);
        else throw fail(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
    } else args.push(a);
  }
  return { cmd, path, args, flags, help: flags['help'] === true };
}

/** cobra's Args validators (args.go), verbatim messages. */
export function validateArgs(p: Parsed): string | undefined {
  const rule = p.cmd.args ?? { kind: 'any' };
  const n = p.args.length;
  switch (rule.kind) {
    case 'none':
      return n > 0 ? `unknown command "${p.args[0]}" for "${p.path.join(' ')}"` : undefined;
    case 'exact':
      return n !== rule.n ? `accepts ${rule.n} arg(s), received ${n}` : undefined;
    case 'range':
      return n < rule.min || n > rule.max ? `accepts between ${rule.min} and ${rule.max} arg(s), received ${n}` : undefined;
    case 'max':
      return n > rule.n ? `accepts at most ${rule.n} arg(s), received ${n}` : undefined;
    default:
      return undefined;
  }
}

export function flagValue<T extends string | boolean | number | string[]>(p: Parsed, name: string, fallback: T): T {
  return (p.flags[name] as T | undefined) ?? fallback;
}
