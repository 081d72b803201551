/**
 * What the lab router answers to an SSH exec: the BGP commands plat uses, in the real output
 * formats, from the twin's model. Only the flavor's daemon "is installed"; anything else is
 * "command not found" (exit 127) as bash says it. Real CLI behaviour reproduced here was recorded
 * on FRR 8.4.4 / gobgp 3.10 (test/fixtures/network/PROVENANCE.md). Commands that exist on a real
 * router but are not simulated get an explicit "not simulated" message, never made-up output.
 */
import { frrNeighborsText } from './frr-neighbor-output.js';
import { frrSummaryText } from './frr-summary-output.js';
import { gobgpNeighborsText } from './gobgp-output.js';
import { splitShellWords } from './shell-words.js';
import type { RouterModel } from './types.js';

export type RouterFlavor = 'frr' | 'gobgp';

export interface CommandAnswer {
  stdout: string;
  stderr: string;
  code: number;
}

const answer = (stdout: string, stderr = '', code = 0): CommandAnswer => ({ stdout, stderr, code });

export function answerRouterCommand(model: RouterModel, flavor: RouterFlavor, line: string): CommandAnswer {
  const split = splitShellWords(line);
  if (!split.ok) return answer('', split.stderr, split.code);
  const [cmd, ...args] = split.words;
  if (cmd === undefined) return answer('');
  // Debian installs both CLIs in /usr/bin.
  if (flavor === 'frr' && (cmd === 'vtysh' || cmd === '/usr/bin/vtysh')) return vtysh(model, args);
  if (flavor === 'gobgp' && (cmd === 'gobgp' || cmd === '/usr/bin/gobgp')) return gobgp(model, args);
  if (cmd.includes('/')) return answer('', `bash: ${cmd}: No such file or directory\n`, 127);
  return answer('', `bash: ${cmd}: command not found\n`, 127);
}

const TRY_HELP = "Try `vtysh --help' for more information.\n";

function vtysh(model: RouterModel, args: string[]): CommandAnswer {
  const commands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c' || a === '--command') {
      const next = args[++i];
      if (next === undefined) return answer('', `vtysh: option requires an argument -- 'c'\n${TRY_HELP}`, 1);
      commands.push(next);
    } else if (a.startsWith('--command=')) commands.push(a.slice('--command='.length));
    else if (a.startsWith('-c') && a.length > 2 && !a.startsWith('--')) commands.push(a.slice(2));
    else if (a.startsWith('--')) return answer('', `vtysh: unrecognized option '${a}'\n${TRY_HELP}`, 1);
    else if (a.startsWith('-') && a.length > 1) return answer('', `vtysh: invalid option -- '${a[1]}'\n${TRY_HELP}`, 1);
    // getopt leaves other words as operands, which vtysh ignores.
  }
  if (commands.length === 0) return answer('', 'vtysh: the lab router does not simulate interactive vtysh; use -c\n', 1);
  let stdout = '';
  for (const c of commands) {
    const r = vtyshCommand(model, c);
    stdout += r.stdout;
    // vtysh stops at the first command that fails and exits 1 (recorded: `-c 'show bgp' -c 'garbage'`).
    if (r.code !== 0) return answer(stdout, r.stderr, r.code);
  }
  return answer(stdout);
}

function vtyshCommand(model: RouterModel, command: string): CommandAnswer {
  const words = command.trim().split(/\s+/).filter(Boolean);
  const text = words.join(' ');
  // `show ip bgp …` is FRR's older spelling of `show bgp …` (ipv4 unicast); both wrap the summary.
  const w = words[0] === 'show' && words[1] === 'ip' && words[2] === 'bgp' ? ['show', ...words.slice(2)] : words;
  const is = (...expected: string[]) => w.length === expected.length && expected.every((e, i) => e === '*' || e === w[i]);
  if (words.length === 0) return answer('');
  if (is('show', 'bgp', 'summary', 'json')) return answer(frrSummaryText(model, true));
  if (is('show', 'bgp', 'ipv4', 'unicast', 'summary', 'json')) return answer(frrSummaryText(model, false));
  if (is('show', 'bgp', 'neighbors', 'json')) return answer(frrNeighborsText(model));
  if (is('show', 'bgp', 'neighbors', '*', 'json')) return answer(frrNeighborsText(model, w[3]));
  // Printed on stdout, exit 1, nothing on stderr (recorded).
  if (is('show') || is('show', 'ip')) return answer(`% Command incomplete: ${text}\n`, '', 1);
  if (w[0] === 'show' && w[1] === 'bgp') {
    return answer(`% The lab router simulates only the JSON forms of show bgp summary / neighbors, not: ${text}\n`, '', 1);
  }
  return answer(`% Unknown command: ${text}\n`, '', 1);
}

function gobgp(model: RouterModel, args: string[]): CommandAnswer {
  let json = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-j' || a === '--json') json = true;
    else if (a === '-u' || a === '--host' || a === '-p' || a === '--port') i++; // the API endpoint; the lab has one
    else words.push(a);
  }
  const [sub, ...rest] = words;
  if (sub === 'neighbor' && rest.length === 0 && json) return answer(gobgpNeighborsText(model));
  if (sub !== undefined && sub !== 'neighbor' && !sub.startsWith('-')) {
    // cobra's message; gobgp 3.10 exits 0 here (recorded).
    return answer('', `Error: unknown command "${sub}" for "gobgp"\nRun 'gobgp --help' for usage.\n`, 0);
  }
  return answer('', `gobgp: the lab router simulates only \`gobgp neighbor -j\`, not: gobgp ${args.join(' ')}\n`, 1);
}
