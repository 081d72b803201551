/**
 * cobra's default usage and help templates and pflag's FlagUsages layout: flags sorted by name,
 * `  -n, --nodes strings` / `      --context string`, the usage column at the longest flag + 3,
 * `(default "x")` for strings and `(default x)` for other non-zero defaults.
 */
import type { CommandSpec, FlagSpec } from './cobra.js';

const ZERO = new Set(['', 'false', '0', '0s', '[]']);

function typeName(f: FlagSpec): string {
  if (f.varname !== undefined) return f.varname;
  return f.type === 'bool' ? '' : f.type;
}

export function flagUsages(flags: FlagSpec[]): string {
  const visible = flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : 1));
  const lines = visible.map((f) => {
    let head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const v = typeName(f);
    if (v) head += ` ${v}`;
    let usage = f.usage;
    if (f.def !== undefined && !ZERO.has(f.def)) usage += f.type === 'string' ? ` (default ${JSON.stringify(f.def)})` : ` (default ${f.def})`;
    return { head, usage };
  });
  const maxlen = Math.max(0, ...lines.map((l) => l.head.length + 1));
  return lines.map((l) => `${l.head}${' '.repeat(maxlen - l.head.length + 2)}${l.usage}`.trimEnd()).join('\n');
}

interface Ctx {
  cmd: CommandSpec;
  path: string[];
  globals: FlagSpec[];
}

const isRoot = (c: Ctx) => c.path.length === 1;

function localFlags(c: Ctx): FlagSpec[] {
  const help: FlagSpec = { name: 'help', short: 'h', type: 'bool', usage: `help for ${c.cmd.name}` };
  return [...(c.cmd.flags ?? []), ...(isRoot(c) ? c.globals : []), help];
}

function subcommands(c: Ctx): CommandSpec[] {
  const subs = [...(c.cmd.children ?? [])];
  // cobra adds `help` to any command that has subcommands
  if (subs.length) subs.push({ name: 'help', use: 'help [command]', short: 'Help about any command' });
  return subs.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function usageString(cmd: CommandSpec, path: string[], globals: FlagSpec[]): string {
  const c: Ctx = { cmd, path, globals };
  const cmdPath = path.join(' ');
  const subs = subcommands(c);
  let out = 'Usage:';
  if (cmd.run) {
    let useLine = [...path.slice(0, -1), cmd.use].join(' ');
    if (!useLine.includes('[flags]')) useLine += ' [flags]';
    out += `\n  ${useLine}`;
  }
  if (subs.length) out += `\n  ${cmdPath} [command]`;
  if (cmd.aliases?.length) out += `\n\nAliases:\n  ${[cmd.name, ...cmd.aliases].join(', ')}`;
  if (subs.length) {
    const pad = Math.max(11, ...subs.map((s) => s.name.length));
    out += `\n\nAvailable Commands:${subs.map((s) => `\n  ${s.name.padEnd(pad)} ${s.short}`).join('')}`;
  }
  out += `\n\nFlags:\n${flagUsages(localFlags(c))}`;
  if (!isRoot(c)) out += `\n\nGlobal Flags:\n${flagUsages(globals)}`;
  if (subs.length) out += `\n\nUse "${cmdPath} [command] --help" for more information about a command.`;
  return `${out}\n`;
}

/** `-h` / non-runnable group: Long (or Short), a blank line, then the usage (stdout). */
export function helpString(cmd: CommandSpec, path: string[], globals: FlagSpec[]): string {
  return `${(cmd.long ?? cmd.short).trimEnd()}\n\n${usageString(cmd, path, globals)}`;
}
