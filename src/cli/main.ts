/**
 * The yargs root: global flags, the command tree, and the single exit path. yargs is told never to
 * exit the process and to throw on usage errors, so every failure goes through reportError.
 */
import { UserError } from '../errors/index.js';
import { didYouMean } from '../config/did-you-mean.js';
import { reportError } from './report.js';
import { outputFormats } from './output.js';
import type { RunState } from './context.js';
import { commandModules } from '../../commands/index.js';

// bin/plat.js sets the colour environment from the core bundle before anything loads chalk.
export { applyColourEnv } from './colour.js';

import { platVersion } from '../conventions/index.js';

const commandNames = () => commandModules.flatMap((m) => [m.command].flat()).map((c) => String(c).split(' ')[0]!).filter((c) => c !== '$0');

/**
 * yargs' own suggestion never fires here: the dashboard is the default command, so a mistyped
 * command reaches it as an unknown argument. Name it as a command and suggest the nearest.
 */
function usageError(msg: string | undefined, argv: string[]): UserError {
  const first = argv[0];
  const names = commandNames();
  if (first && !first.startsWith('-') && !names.includes(first) && msg?.startsWith('Unknown argument')) {
    const guess = didYouMean(first, names);
    return new UserError(`unknown command ${JSON.stringify(first)}`, { hint: guess ? `did you mean "plat ${guess}"? (see plat --help)` : `commands: ${names.join(', ')} (see plat --help)` });
  }
  return new UserError(msg ?? 'invalid command line', { hint: 'see plat --help (or plat <command> --help)' });
}

export interface MainIo {
  stdout: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function main(argv: string[], io: MainIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const run: RunState = { exitCode: 0 };
  const verbose = argv.includes('--verbose');
  // yargs picks the completion template from $SHELL when it is constructed.
  if (argv[0] === 'completion' && (argv[1] === 'zsh' || argv[1] === 'bash')) {
    process.env.SHELL = `/bin/${argv[1]}`;
  }
  try {
    const { default: yargs } = await import('yargs');
    const cli = yargs(argv)
      .scriptName('plat')
      .usage('plat — one terminal for your Talos platform\n\nUsage: plat [command] [options]   (no command: open the dashboard)')
      .option('config', { type: 'string', describe: 'path to plat.yaml (default: $PLAT_CONFIG, ./plat.yaml, ~/.config/plat/plat.yaml)', global: true })
      .option('cluster', { type: 'string', array: true, describe: 'only this cluster (repeatable; default: all)', global: true })
      .option('output', { alias: 'o', choices: outputFormats, default: 'table', describe: 'output format', global: true })
      .option('color', { type: 'boolean', default: true, describe: 'colour output (--no-color to disable; NO_COLOR is honoured)', global: true })
      .option('readonly', { type: 'boolean', default: false, describe: 'refuse every mutating action', global: true })
      .option('verbose', { type: 'boolean', default: false, describe: 'show details and stack traces on errors', global: true })
      .middleware((a) => {
        (a as Record<string, unknown>).__run = run;
        (a as Record<string, unknown>).__io = io;
      })
      .command(commandModules)
      .command({
        command: 'completion [shell]',
        describe: 'print a shell completion script (bash or zsh; add it to your shell rc)',
        builder: (y) => y.positional('shell', { choices: ['bash', 'zsh'] as const }),
        handler: () => void (cli.showCompletionScript as ($0?: string, cmd?: string) => unknown)('plat', 'completion'),
      })
      // The generated script calls `plat --get-yargs-completions …`; registering a hidden completion
      // command turns that on without yargs' own `completion` command (which trips .strict()).
      .completion('__complete', false)
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        if (err) throw err;
        throw usageError(msg, argv);
      })
      .help()
      .alias('h', 'help')
      .version(platVersion())
      .wrap(Math.min(110, (io.stdout as { columns?: number }).columns ?? 100))
      .parserConfiguration({ 'strip-aliased': false });
    await cli.parseAsync();
    return run.exitCode;
  } catch (e) {
    return reportError(e, { verbose, write: (s) => void io.stderr.write(s) });
  }
}
