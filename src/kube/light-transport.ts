/**
 * HTTP(S) to one API server over node:http/node:https only: one keep-alive Agent per cluster
 * carrying the kubeconfig's TLS settings, JSON in and out, gzip accepted (the apiserver compresses
 * large lists), a deadline per request. Failures surface as raw Node errors; the cluster maps them
 * to Unreachable / KubeApiError with its own names. Nothing here keeps or prints a credential: the
 * headers come from a function on each request.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Slots } from '../conventions/index.js';
import { realClock } from '../lab/clock.js';
import type { KubeCredentials } from './kube-credentials.js';

export interface KubeResponse {
  status: number;
  /** The body, already gunzipped; errors (a dropped connection) arrive as 'error'. */
  body: Readable;
  /** Ends the exchange, closing its connection. */
  abort(): void;
}

/** What node:http raises when the deadline passes; connectionError() reads it as "no answer in time". */
const timeoutError = (): Error => Object.assign(new Error('no answer in time'), { name: 'TimeoutError' });
const closedError = (): Error => Object.assign(new Error('the client was closed before the request was sent'), { code: 'ECONNRESET' });
const resetError = (): Error => Object.assign(new Error('connection closed before the response ended'), { code: 'ECONNRESET' });

/** A kept-alive socket the server closed while idle: a GET may safely be sent again (Node's documented retry). */
const isStaleSocket = (req: ClientRequest, e: unknown): boolean => req.reusedSocket && ['ECONNRESET', 'EPIPE'].includes((e as { code?: string }).code ?? '');

/**
 * GETs (lists, gets) run at most this many at a time per API server. Node's Agent otherwise opens
 * a connection per request in flight: `plat net bgp` sent its five lists per cluster over five new
 * TLS connections, each a full handshake (certificate checks, the client certificate's signature),
 * about 20 ms of a 300 ms command. kubectl multiplexes one HTTP/2 connection; two HTTP/1.1
 * requests at a time keep a slow list from holding up the rest. Writes (an operator's action) and
 * watches (each holds its connection for as long as it runs) do not take turns.
 */
const REQUESTS_AT_ONCE = 2;

export class KubeTransport {
  readonly #agent: HttpAgent;
  readonly #turns = new Slots(REQUESTS_AT_ONCE);
  /** GETs waiting for a turn: aborted with the error when a request meets a server that does not answer. */
  readonly #waiting = new Set<AbortController>();
  #closed = false;
  readonly #request: typeof httpRequest;
  readonly #base: RequestOptions;
  readonly #basePath: string;
  readonly #credentials: KubeCredentials;
  readonly #timeoutMs: number;

  constructor(server: string, credentials: KubeCredentials, timeoutMs: number) {
    const url = new URL(server);
    const tls = url.protocol === 'https:';
    // keepAliveMsecs doubles as the TCP keepalive delay on watch sockets (client-node uses 30 s too).
    const agentOpts = { keepAlive: true, keepAliveMsecs: 30_000 };
    this.#agent = tls ? new HttpsAgent({ ...agentOpts, ...credentials.tls }) : new HttpAgent(agentOpts);
    this.#request = tls ? httpsRequest : httpRequest;
    this.#base = { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (tls ? 443 : 80) };
    // A server URL may carry a path prefix (API proxies such as Rancher's); requests go below it.
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#credentials = credentials;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Sends one request and resolves at the response headers. `whole` keeps the deadline running
   * until the caller has read the body (lists, patches); otherwise it covers only the wait for the
   * headers (watches stay open for as long as the server keeps them).
   */
  open(method: string, path: string, opts: { body?: string; contentType?: string; whole: boolean; timeoutMs?: number }): Promise<KubeResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = { Accept: 'application/json', 'Accept-Encoding': 'gzip', 'User-Agent': 'plat', ...this.#credentials.headers() };
      if (opts.body !== undefined) {
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(opts.body));
      }
      let req: ClientRequest;
      try {
        req = this.#request({ ...this.#base, agent: this.#agent, method, path: this.#basePath + path, headers });
      } catch (e) {
        // Invalid header characters (a token with a newline) throw here; the message names the header, not its value.
        reject(e);
        return;
      }
      let settled = false;
      let timedOut = false;
      let body: Readable | undefined;
      const timer = realClock.setTimeout(() => {
        timedOut = true;
        // Mid-body, the reader must see the deadline, not the 'aborted' reset that follows it.
        body?.destroy(timeoutError());
        req.destroy(timeoutError());
      }, opts.timeoutMs ?? this.#timeoutMs);
      const stopTimer = (): void => realClock.clearTimeout(timer);
      req.on('socket', (s: Socket) => s.setKeepAlive(true, 30_000));
      req.on('error', (e) => {
        if (settled) return;
        settled = true;
        stopTimer();
        reject(timedOut ? timeoutError() : isStaleSocket(req, e) ? Object.assign(e, { staleSocket: true }) : e);
      });
      req.on('response', (res: IncomingMessage) => {
        settled = true;
        if (!opts.whole) stopTimer();
        body = decode(res, resetError);
        body.once('close', stopTimer);
        resolve({ status: res.statusCode ?? 0, body, abort: () => req.destroy() });
      });
      req.end(opts.body);
    });
  }

  /**
   * A whole request: status and body text. A GET that met a stale kept-alive socket is sent once
   * more. GETs take turns (REQUESTS_AT_ONCE); the deadline runs from the call, so time spent
   * waiting for a turn counts and nothing outlives one deadline behind a server that stopped
   * answering. A write (a user's action) never waits behind lists.
   */
  async fetch(method: string, path: string, opts: { body?: string; contentType?: string } = {}): Promise<{ status: number; text: string }> {
    const deadline = realClock.now() + this.#timeoutMs;
    const turns = method === 'GET';
    const release = turns ? await this.#turn() : () => {};
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await this.open(method, path, { ...opts, whole: true, timeoutMs: Math.max(1, deadline - realClock.now()) });
          return { status: res.status, text: await readText(res.body) };
        } catch (e) {
          if (attempt === 1 && method === 'GET' && (e as { staleSocket?: boolean }).staleSocket) continue;
          // No answer, refused, reset: the requests waiting behind this one would meet the same
          // server; they fail now rather than each in turn.
          if (turns) this.#failWaiting(e as Error);
          throw e;
        }
      }
    } finally {
      release();
    }
  }

  /** Waits for a turn; fails at the deadline (timeoutError), with a request that met a dead server, or when closed. */
  async #turn(): Promise<() => void> {
    if (this.#closed) throw closedError();
    const wait = new AbortController();
    const timer = realClock.setTimeout(() => wait.abort(timeoutError()), this.#timeoutMs);
    this.#waiting.add(wait);
    try {
      const release = await this.#turns.acquire(wait.signal);
      if (!wait.signal.aborted) return release;
      release();
      throw wait.signal.reason as Error;
    } finally {
      realClock.clearTimeout(timer);
      this.#waiting.delete(wait);
    }
  }

  #failWaiting(e: Error): void {
    for (const wait of this.#waiting) wait.abort(e);
  }

  /** Closes idle kept-alive connections and fails requests still waiting for a turn (open watches end through their own stop functions). */
  close(): void {
    this.#closed = true;
    this.#failWaiting(closedError());
    this.#agent.destroy();
  }
}

/** The response body, gunzipped when the server compressed it; a premature end becomes an error. */
function decode(res: IncomingMessage, prematureError: () => Error): Readable {
  let body: Readable = res;
  if (/^\s*gzip\s*$/i.test(String(res.headers['content-encoding'] ?? ''))) {
    const gunzip = createGunzip();
    pipeline(res, gunzip, () => undefined);
    body = gunzip;
  }
  let ended = false;
  body.once('end', () => (ended = true));
  // Node ends an IncomingMessage cut off mid-body with 'aborted'/'close'; make sure readers see an error.
  res.once('close', () => {
    if (!ended && !res.complete && !body.destroyed) body.destroy(prematureError());
  });
  return body;
}

export function readText(body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.on('error', reject);
  });
}
