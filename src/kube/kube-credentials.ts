/**
 * The credentials of one kubeconfig context, made ready for node:https: the CA, client certificate
 * and key checked once and folded into a TLS SecureContext, and the Authorization and Impersonate
 * headers. Inline *-data wins over a file, as in client-go. A tokenFile is re-read at most once a
 * minute (client-go's cached file token source), so rotated tokens are picked up. Errors name the
 * kubeconfig, the entry and the field or path, never the material itself.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext } from 'node:tls';
import { ConfigError } from '../errors/index.js';
import { realClock, type Clock } from '../lab/clock.js';
import { defaultTrust } from './default-trust.js';
import type { KubeTarget } from './kube-target.js';

export interface KubeTlsSettings {
  secureContext?: SecureContext;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface KubeCredentials {
  tls: KubeTlsSettings;
  /** Authorization and impersonation headers for the next request. */
  headers(): Record<string, string | string[]>;
}

const TOKEN_FILE_PERIOD_MS = 60_000;

function readMaterial(owner: string, field: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ConfigError(`${owner} ${field} ${path} cannot be read (${(e as { code?: string }).code ?? 'error'})`);
  }
}

function material(owner: string, field: string, data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  return file ? readMaterial(owner, field, file) : undefined;
}

/** Runs a parse of key material; its own error may quote the material, so only `problem` is told. */
function check(owner: string, problem: string, parse: () => unknown): void {
  try {
    parse();
  } catch {
    throw new ConfigError(`${owner} ${problem}`);
  }
}

function tlsSettings(t: KubeTarget): KubeTlsSettings {
  const { cluster, user } = t;
  const clusterOwner = `kubeconfig ${cluster.file}: cluster '${cluster.name}'`;
  const userOwner = `kubeconfig ${user.file}: user '${user.name}'`;
  const ca = material(clusterOwner, cluster.certificateAuthorityData ? 'certificate-authority-data' : 'certificate-authority', cluster.certificateAuthorityData, cluster.certificateAuthority);
  const cert = material(userOwner, user.clientCertificateData ? 'client-certificate-data' : 'client-certificate', user.clientCertificateData, user.clientCertificate);
  const key = material(userOwner, user.clientKeyData ? 'client-key-data' : 'client-key', user.clientKeyData, user.clientKey);
  // Checked first: Node takes a CA that is not PEM without a word, and TLS would fail later instead.
  if (ca) check(clusterOwner, 'certificate authority is not a PEM certificate', () => new X509Certificate(ca));
  const settings: KubeTlsSettings = { rejectUnauthorized: !cluster.insecureSkipTlsVerify };
  // Like kubectl, a CA given replaces the system roots rather than adding to them. Without one,
  // Node's default roots, NODE_EXTRA_CA_CERTS included (see default-trust.ts).
  // (Plain http is refused unless verification is off: kube-target.ts.)
  const trust = ca ?? (settings.rejectUnauthorized ? defaultTrust() : undefined);
  try {
    if (trust || cert) settings.secureContext = createSecureContext({ ...(trust ? { ca: trust } : {}), ...(cert && key ? { cert, key } : {}) });
  } catch {
    // Only now is each part read alone, to say which one is wrong: building a context per part on
    // every start cost more than the TLS context itself (each one makes its own root store).
    if (cert) check(userOwner, 'client certificate is not a PEM certificate', () => new X509Certificate(cert));
    if (key) check(userOwner, 'client key is not an unencrypted PEM private key', () => createPrivateKey(key));
    if (ca) check(clusterOwner, 'certificate authority cannot be used for TLS', () => createSecureContext({ ca }));
    if (cert) check(userOwner, 'client certificate and key do not match', () => createSecureContext({ cert, key }));
    throw new ConfigError(`${userOwner}: the TLS settings of cluster '${cluster.name}' cannot be used together`);
  }
  if (cluster.tlsServerName) settings.servername = cluster.tlsServerName;
  return settings;
}

/** Node refuses such a header with a TypeError deep in a request; say which kubeconfig entry is wrong instead. */
const headerSafe = (token: string): boolean => /^[\x21-\x7e]+$/.test(token);

/** The user's bearer token: inline, or read from tokenFile (trimmed, as client-go does). */
export function tokenSource(t: KubeTarget, clock: Clock = realClock): () => string | undefined {
  const { user } = t;
  const owner = `kubeconfig ${user.file}: user '${user.name}'`;
  if (user.token && !headerSafe(user.token)) throw new ConfigError(`${owner} token holds spaces or control characters`);
  if (user.token || !user.tokenFile) return () => user.token;
  const path = user.tokenFile;
  const read = (): string => readMaterial(owner, 'tokenFile', path).toString('utf8').trim();
  let token = read();
  if (!token) throw new ConfigError(`${owner} tokenFile ${path} is empty`);
  if (!headerSafe(token)) throw new ConfigError(`${owner} tokenFile ${path} holds spaces or control characters`);
  let readAt = clock.now();
  return () => {
    if (clock.now() - readAt >= TOKEN_FILE_PERIOD_MS) {
      readAt = clock.now();
      try {
        const fresh = read();
        if (fresh && headerSafe(fresh)) token = fresh;
      } catch {
        // client-go keeps the cached token when a re-read fails; the server will say if it expired.
      }
    }
    return token;
  };
}

export function kubeCredentials(t: KubeTarget, clock: Clock = realClock): KubeCredentials {
  const tls = tlsSettings(t);
  const token = tokenSource(t, clock);
  const { user } = t;
  const basic = user.username || user.password ? `Basic ${Buffer.from(`${user.username ?? ''}:${user.password ?? ''}`).toString('base64')}` : undefined;
  const impersonation: Record<string, string | string[]> = {};
  if (user.impersonate) impersonation['Impersonate-User'] = user.impersonate;
  if (user.impersonateGroups) impersonation['Impersonate-Group'] = user.impersonateGroups;
  return {
    tls,
    headers: () => {
      const bearer = token();
      const authorization = bearer ? `Bearer ${bearer}` : basic;
      return { ...impersonation, ...(authorization ? { Authorization: authorization } : {}) };
    },
  };
}
