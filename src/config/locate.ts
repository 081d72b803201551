/** Where plat.yaml is: --config, $PLAT_CONFIG, ./plat.yaml, $XDG_CONFIG_HOME/plat/plat.yaml (~/.config). */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { expandHome } from '../conventions/index.js';
import { ConfigError } from '../errors/index.js';

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

/** The located plat.yaml's text; a missing or unreadable file is a ConfigError saying where plat looked. */
export function readConfigFile(input: LocateInput): { location: ConfigLocation; text: string } {
  const location = locateConfig(input);
  if (!location.exists) {
    const tried = configCandidates(input).map((c) => `${c.via} (${c.path})`).join(', ');
    throw new ConfigError(`no plat.yaml found at ${location.path} (from ${location.via})`, {
      hint: location.via === '--config' || location.via === '$PLAT_CONFIG'
        ? `check the path, or create one with: plat config init --path ${location.path}`
        : `create one with: plat config init   (looked in: ${tried})`,
    });
  }
  try {
    return { location, text: readFileSync(location.path, 'utf8') };
  } catch (e) {
    throw new ConfigError(`cannot read ${location.path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { hint: 'check the file permissions' });
  }
}

export function displayPath(p: string, cwd: string): string {
  const rel = relative(cwd, p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}
