/**
 * The roots Node trusts for a TLS connection given no CA: its bundled Mozilla roots plus the
 * certificates in NODE_EXTRA_CA_CERTS. Node 20 reads that file as it starts, which costs every
 * command about 85 ms (nodejs/node#40524), so bin/plat.js starts Node without it and puts the
 * variable back at once. A connection to a kubeconfig cluster without a CA of its own would have
 * used Node's default; it asks here instead and gets the same set. When Node did read the file
 * itself (plat run as `node bin/plat.js`), the set is the same again. Node ignores a file it
 * cannot read, and so does this.
 *
 * Only the Kubernetes clients ask. Other TLS made inside plat with Node's default trust would not
 * see the file: today that is only the legacy `oidc` auth-provider of @kubernetes/client-node
 * (kubectl dropped auth-providers in 1.26; exec plugins run as their own processes, which see the
 * variable).
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

let memo: { file: string; trust: string[] | undefined } | undefined;

/** The PEM texts to pass as `ca`, or undefined when Node's own default is already that set. */
export function defaultTrust(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  if (memo?.file === file) return memo.trust;
  let trust: string[] | undefined;
  try {
    // One string may hold many PEM certificates; Node's `ca` takes them all.
    trust = [...rootCertificates, readFileSync(file, 'latin1')];
  } catch {
    trust = undefined;
  }
  memo = { file, trust };
  return trust;
}
