/** `plat config init`: write the commented template; never overwrite without --force. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import { expandHome } from '../conventions/index.js';
import { configTemplate } from './template.js';

export async function initConfig(opts: { path?: string | undefined; force: boolean; flag?: string | undefined; env: NodeJS.ProcessEnv; cwd: string }): Promise<string> {
  const chosen = opts.path ?? opts.flag ?? opts.env.PLAT_CONFIG;
  const target = chosen
    ? resolve(opts.cwd, expandHome(chosen, opts.env))
    : join(opts.env.XDG_CONFIG_HOME || expandHome('~/.config', opts.env), 'plat', 'plat.yaml');
  if (existsSync(target) && !opts.force) {
    throw new UserError(`${target} already exists; not overwriting it`, { hint: 'use --force to replace it, or --path to write elsewhere' });
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, configTemplate, { mode: 0o644 });
  return target;
}
