/** Open the destination a plat.yaml entry describes (paths with `~` expanded, relative to cwd). */
import { resolve } from 'node:path';
import { expandHome } from '../../config/index.js';
import type { Clock } from '../../lab/clock.js';
import { localDestination } from './local.js';
import { sftpDestination } from './sftp.js';
import type { DestinationConfig, DestinationStore } from './store.js';

export interface DestinationEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock?: Clock;
}

export async function openDestination(d: DestinationConfig, e: DestinationEnv): Promise<DestinationStore> {
  const path = (p: string) => resolve(e.cwd, expandHome(p, e.env));
  if (d.type === 'local') return localDestination(d.name, path(d.dir));
  return sftpDestination({
    name: d.name, host: d.host, port: d.port, user: d.user, identityFile: path(d.identityFile), knownHostsFile: path(d.knownHosts),
    // the remote dir is the server's path: `~/x` means the login directory, which SFTP paths are relative to
    dir: d.dir.replace(/^~\/?/, '') || '.',
    ...(e.clock ? { clock: e.clock } : {}),
  });
}
