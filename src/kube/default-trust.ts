/**
 * The roots Node trusts for a TLS connection given no CA: its bundled Mozilla roots plus the
 * certificates in NODE_EXTRA_CA_CERTS. Node 20 reads that file as it starts, which costs every
 * command about 85 ms (nodejs/node#40524), so bin/plat.js starts Node without it and puts the
 * variable back at once. A connection that would have used Node's default asks here instead and
 * gets the same set. When Node did read the file itself (plat run as `node bin/plat.js`), the set
 * is the same again. Node ignores a file it cannot read, and so does this.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** The PEM texts to pass as `ca`, or undefined when Node's own default is already that set. */
export function defaultTrust(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  let extra: string;
  try {
    extra = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  // One string may hold many PEM certificates; Node's `ca` takes them all.
  return [...rootCertificates, extra];
}
