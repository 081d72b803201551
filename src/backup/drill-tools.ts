/**
 * The local etcd tools a restore drill needs: `etcd` to serve the restored data, and a program
 * that can `snapshot restore`. etcd 3.5 moved restore to `etcdutl` and etcd 3.6 removed it from
 * `etcdctl`; Debian's etcd-client 3.4 has no etcdutl, and its `etcdctl snapshot restore` does the
 * same hash check and bbolt rewrite (backup.md §1.3). So: etcdutl when present, else etcdctl < 3.6.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors/index.js';

const run = promisify(execFile);

export interface RestoreTool {
  kind: 'etcdutl' | 'etcdctl';
  path: string;
  version: string;
}

export interface DrillTools {
  etcd: string;
  etcdVersion: string;
  restore: RestoreTool;
}

export const INSTALL_HINT =
  'install etcd locally: Debian/Ubuntu `apt-get install etcd-server etcd-client`, or unpack an etcd release (etcd, etcdutl) from github.com/etcd-io/etcd/releases onto PATH';

/** `etcd Version: 3.4.23`, `etcdutl version: 3.5.9`, `etcdctl version: 3.4.23` → `3.4.23`. */
export function parseToolVersion(text: string): string | undefined {
  return /version:\s*v?(\d+\.\d+\.\d+[\w.+-]*)/i.exec(text)?.[1];
}

/** etcdctl lost `snapshot restore` in 3.6 (it was deprecated in 3.5 in favour of etcdutl). */
export function etcdctlCanRestore(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major === 3 && (minor ?? 0) < 6;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

async function versionOf(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, args, { env, timeout: 10_000 });
    return parseToolVersion(stdout);
  } catch {
    return undefined;
  }
}

/** The tools on PATH, or a UserError that says what to install. */
export async function findDrillTools(env: NodeJS.ProcessEnv): Promise<DrillTools> {
  const etcd = onPath('etcd', env);
  const etcdutl = onPath('etcdutl', env);
  const etcdctl = onPath('etcdctl', env);
  const etcdVersion = etcd ? await versionOf(etcd, ['--version'], env) : undefined;
  let restore: RestoreTool | undefined;
  if (etcdutl) {
    const v = await versionOf(etcdutl, ['version'], env);
    if (v) restore = { kind: 'etcdutl', path: etcdutl, version: v };
  }
  if (!restore && etcdctl) {
    const v = await versionOf(etcdctl, ['version'], env);
    if (v && etcdctlCanRestore(v)) restore = { kind: 'etcdctl', path: etcdctl, version: v };
  }
  const missing = [...(etcd && etcdVersion ? [] : ['etcd']), ...(restore ? [] : [etcdctl ? 'etcdutl (this etcdctl is 3.6 or newer: it cannot restore)' : 'etcdutl (or etcdctl before 3.6)'])];
  if (missing.length || !etcd || !etcdVersion || !restore) {
    throw new UserError(`plat backup drill needs ${missing.join(' and ')} on PATH to restore a snapshot and serve it`, { hint: INSTALL_HINT });
  }
  return { etcd, etcdVersion, restore };
}
