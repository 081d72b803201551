/** Where plat.yaml is: --config, $PLAT_CONFIG, ./plat.yaml, $XDG_CONFIG_HOME/plat/plat.yaml (~/.config). */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { expandHome } from '../conventions/index.js';

export interface ConfigLocation {
  path: string;
  /** How it was found, for messages: `--config`, `$PLAT_CONFIG`, `./plat.yaml`, `$XDG_CONFIG_HOME`. */
  via: string;
  exists: boolean;
}

export interface LocateInput {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function configCandidates({ flag, env, cwd }: LocateInput): ConfigLocation[] {
  const out: Omit<ConfigLocation, 'exists'>[] = [];
  if (flag) out.push({ path: resolve(cwd, expandHome(flag, env)), via: '--config' });
  if (env.PLAT_CONFIG) out.push({ path: resolve(cwd, expandHome(env.PLAT_CONFIG, env)), via: '$PLAT_CONFIG' });
  out.push({ path: join(cwd, 'plat.yaml'), via: './plat.yaml' });
  const xdg = env.XDG_CONFIG_HOME || join(home(env), '.config');
  out.push({ path: join(xdg, 'plat', 'plat.yaml'), via: env.XDG_CONFIG_HOME ? '$XDG_CONFIG_HOME' : '~/.config' });
  return out.map((c) => ({ ...c, exists: existsSync(c.path) }));
}

/**
 * The file to use. An explicit --config or $PLAT_CONFIG wins even when missing (so the error names
 * it) — silently falling through to another file would act on the wrong platform.
 */
export function locateConfig(input: LocateInput): ConfigLocation {
  const cands = configCandidates(input);
  const explicit = cands.find((c) => c.via === '--config' || c.via === '$PLAT_CONFIG');
  if (explicit) return explicit;
  return cands.find((c) => c.exists) ?? cands[cands.length - 1]!;
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}
