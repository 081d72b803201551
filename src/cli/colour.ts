/**
 * Colour is decided before chalk or Ink is imported: chalk reads FORCE_COLOR at import time and
 * ignores NO_COLOR, so we translate every "no colour" signal into FORCE_COLOR=0 first
 * (the fix Shopify's CLI uses). Machine-readable output never carries escape codes.
 */
export function wantsNoColour(argv: readonly string[], env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return true;
  if (env.TERM === 'dumb') return true;
  if (!stdoutIsTTY) return true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--no-color' || a === '--color=false') return true;
    const out = a === '-o' || a === '--output' ? argv[i + 1] : /^(?:-o=?|--output=)(.+)$/.exec(a)?.[1];
    if (out === 'json' || out === 'yaml' || out === 'jsonl') return true;
  }
  return false;
}

export function applyColourEnv(argv: readonly string[], env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  const off = wantsNoColour(argv, env, stdoutIsTTY);
  if (off) {
    env.FORCE_COLOR = '0';
  }
  return !off;
}
