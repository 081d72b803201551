/**
 * Failures talking to a Kubernetes API server, as typed errors: a server that cannot be reached is
 * `Unreachable` (naming the cluster and host:port, never credentials); a metav1.Status answer is a
 * `KubeApiError` carrying the server's own message, HTTP code and reason (NotFound, Conflict, …).
 */
import { ActionFailed, excerpt, Unreachable } from '../errors/index.js';

export class KubeApiError extends ActionFailed {
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
    opts: { hint?: string } = {},
  ) {
    super(message, opts);
  }
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/** An HTTP error answer; the body is a metav1.Status from a real server, anything from a proxy. */
export function statusError(cluster: string, server: string, httpCode: number, body: string): KubeApiError {
  let status: StatusBody | undefined;
  try {
    status = JSON.parse(body) as StatusBody;
  } catch {
    status = undefined;
  }
  if (status?.kind === 'Status' && status.message) return new KubeApiError(`${cluster}: ${status.message}`, status.code ?? httpCode, status.reason ?? '');
  const text = body.trim() ? `: ${excerpt(body)}` : '';
  return new KubeApiError(`${cluster}: HTTP ${httpCode} from ${server}${text}`, httpCode, '');
}

/** A watch ERROR event carries a Status object (e.g. 410 Expired); Expired and Gone mean 410 even without a code. */
export function watchStatusError(cluster: string, status: unknown): KubeApiError {
  const s = (status ?? {}) as StatusBody;
  const code = s.code ?? (s.reason === 'Expired' || s.reason === 'Gone' ? 410 : 0);
  return new KubeApiError(`${cluster}: ${s.message ?? 'watch failed'}`, code, s.reason ?? '');
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Connection-level failure → Unreachable; anything else is returned unchanged. */
export function connectionError(cluster: string, server: string, err: unknown): unknown {
  const e = err as { code?: string; name?: string; type?: string; message?: string };
  const code = e?.code ?? (e?.name === 'AbortError' || e?.name === 'TimeoutError' ? 'timeout' : undefined);
  const tls = typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/.test(code);
  if (code && (NETWORK_CODES.has(code) || tls || code === 'timeout' || e?.type === 'system')) {
    const why = code === 'timeout' ? 'no answer in time' : code;
    if (tls) return tlsError(cluster, server, code, err);
    return new Unreachable(`${cluster}: cannot reach the Kubernetes API server at ${server} (${why})`, {
      hint: 'check that the cluster is up and that the kubeconfig points at the right address',
      cause: err,
    });
  }
  return err;
}

/**
 * A TLS failure reached the server but cannot talk to it; "cannot reach" would send the operator
 * to the network. Node's codes tell three causes apart: the server's certificate failed our
 * verification (OpenSSL's X509_V_ERR names, ERR_TLS_CERT_ALTNAME_INVALID), the server refused
 * ours (a TLS alert: ERR_SSL_…_ALERT_…), or the two sides never agreed on TLS at all.
 */
function tlsError(cluster: string, server: string, code: string, cause: unknown): Unreachable {
  if (/_ALERT_/.test(code)) {
    return new Unreachable(`${cluster}: the Kubernetes API server at ${server} refused plat's TLS client certificate (${code})`, {
      hint: "the kubeconfig's client certificate is missing, expired or from another CA: fetch a fresh kubeconfig (talosctl kubeconfig)",
      cause,
    });
  }
  if (/^ERR_SSL_|^ERR_TLS_(?!CERT_ALTNAME)/.test(code)) {
    return new Unreachable(`${cluster}: TLS with the Kubernetes API server at ${server} failed (${code})`, {
      hint: "check that the kubeconfig's server is the API server's TLS port (6443 on Talos), not a plain-HTTP or other service",
      cause,
    });
  }
  const hint =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'its certificate does not name this address: set tls-server-name in the kubeconfig, or use an address the certificate names'
    : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID' ? "its certificate is outside its validity period: check this machine's clock, then the cluster's certificates"
    : "its certificate is not signed by the kubeconfig's certificate-authority (or, without one, by Node's bundled roots and NODE_EXTRA_CA_CERTS): fetch a fresh kubeconfig (talosctl kubeconfig)";
  return new Unreachable(`${cluster}: the Kubernetes API server at ${server} fails TLS verification (${code})`, { hint, cause });
}
