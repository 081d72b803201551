/** The one place errors become an exit code and a message (one clear line plus a hint). */
import { isConfigError, isPlatError, scrubSecrets, type ExitCode } from '../errors/index.js';
import { colourEnabled, paint as paintOn, type Token } from './style.js';

export function reportError(e: unknown, opts: { verbose: boolean; write: (s: string) => void; colour?: boolean }): ExitCode {
  const { write } = opts;
  const on = opts.colour ?? colourEnabled();
  const paint = (t: Token, s: string) => paintOn(t, s, on);
  if (isPlatError(e)) {
    write(`${paint('error', 'plat:')} ${scrubSecrets(e.message)}\n`);
    if (isConfigError(e)) for (const p of e.problems) write(`  ${scrubSecrets(p)}\n`);
    if (e.hint) write(`${paint('muted', 'hint:')} ${scrubSecrets(e.hint)}\n`);
    if (opts.verbose) writeStack(e, write, paint);
    return e.exitCode;
  }
  const msg = e instanceof Error ? e.message : String(e);
  write(`${paint('error', 'plat: internal error:')} ${scrubSecrets(msg)}\n`);
  if (opts.verbose) writeStack(e, write, paint);
  else write(`${paint('muted', 'hint:')} run again with --verbose for details, and report it if it persists\n`);
  return 1;
}

function writeStack(e: unknown, write: (s: string) => void, paint: (t: Token, s: string) => string): void {
  let cur: unknown = e;
  for (let depth = 0; cur instanceof Error && depth < 5; depth++) {
    write(paint('muted', scrubSecrets(cur.stack ?? String(cur))) + '\n');
    cur = cur.cause;
    if (cur) write(paint('muted', 'caused by:') + '\n');
  }
}
