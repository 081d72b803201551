/**
 * The previous look per cluster, kept in the state dir, so `plat etcd status` can tell that a
 * revision or a member's raft index went down since the last time it looked. Losing the file
 * only loses that comparison, so read and write problems are ignored.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EtcdLook } from './model.js';

const FILE = 'etcd-looks.json';

export async function loadPreviousLooks(stateDir: string): Promise<Record<string, EtcdLook>> {
  try {
    const parsed = JSON.parse(await readFile(join(stateDir, FILE), 'utf8')) as Record<string, EtcdLook>;
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

export async function saveLooks(stateDir: string, looks: readonly EtcdLook[]): Promise<void> {
  try {
    const all = { ...(await loadPreviousLooks(stateDir)), ...Object.fromEntries(looks.filter((l) => !l.error).map((l) => [l.cluster, l])) };
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const tmp = join(stateDir, `${FILE}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
    await rename(tmp, join(stateDir, FILE));
  } catch {
    /* a read-only state dir only costs the comparison with the next look */
  }
}
