import { makeContext, type CommandContext } from './context.js';

/** Build the handler context from yargs' argv (the root middleware puts the io and run state there). */
export function contextFrom(argv: Record<string, unknown>): CommandContext {
  const io = (argv.__io as Parameters<typeof makeContext>[1] | undefined) ?? {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
  return makeContext(argv, io);
}
