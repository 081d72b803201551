/** Confirmation for destructive actions: names the cluster and object; `--yes` for scripts. */
import { UserError } from '../errors/index.js';

export async function confirmAction(question: string, opts: { yes: boolean; stdin?: NodeJS.ReadStream; stderr?: NodeJS.WritableStream }): Promise<void> {
  if (opts.yes) return;
  const stdin = opts.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    throw new UserError(`${question.replace(/\?$/, '')}: needs confirmation and there is no terminal to ask on`, { hint: 'pass --yes to confirm from a script' });
  }
  // Loaded only to ask: node:readline is five modules every command would otherwise load at start.
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: stdin, output: opts.stderr ?? process.stderr });
  try {
    const answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') throw new UserError('not confirmed; nothing was changed');
  } finally {
    rl.close();
  }
}
