/**
 * The router source: ONE SSH connection per router, opened on first use and reused for every read
 * (the dashboard polls through it); reopened only after it dropped. Host keys are checked by
 * src/ssh against known_hosts — an unknown or changed key is an error, never a silent accept.
 * A failed read is returned as a typed error on the router side only, so the cluster side of the
 * BGP view still shows.
 */
import { expandHome } from '../../conventions/index.js';
import type { RouterConfig } from '../../config/index.js';
import { Interrupted, isPlatError } from '../../errors/index.js';
import type { Clock } from '../../lab/clock.js';
import type { SshConnection } from '../../ssh/index.js';
import { frrNeighborCommand, parseFrrBgpNeighbor } from './frr-neighbor.js';
import type { BgpSession, RouterFlavor } from './model.js';
import { routerSessions } from './router-sessions.js';

export interface RouterRead {
  target: string;
  flavor: RouterFlavor;
  at: number;
  sessions?: BgpSession[];
  error?: { kind: string; message: string; hint?: string };
}

export interface RouterSourceOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Connect + handshake limit; default 10 s. */
  timeoutMs?: number;
  execTimeoutMs?: number;
  /** FRR only: also read `show bgp neighbors json` for negotiated timers (same connection, in parallel). Default true. */
  frrDetails?: boolean;
}

export class RouterSource {
  readonly target: string;
  /** SSH connections opened so far: stays 1 while the connection is reused. */
  opened = 0;
  private conn: Promise<SshConnection> | undefined;
  /** After close(), a read still in flight must not open a new connection (it would outlive plat's quit). */
  private closed = false;

  constructor(
    private readonly router: RouterConfig,
    private readonly o: RouterSourceOptions = {},
  ) {
    this.target = `${router.host.includes(':') ? `[${router.host}]` : router.host}:${router.port}`;
  }

  get flavor(): RouterFlavor {
    return this.router.flavor;
  }

  /** Never throws for router trouble: the error is part of the result. */
  async read(signal?: AbortSignal): Promise<RouterRead> {
    const now = () => (this.o.clock ?? { now: Date.now }).now();
    const base = { target: this.target, flavor: this.router.flavor };
    try {
      const conn = await this.connection();
      const exec = { ...(signal ? { signal } : {}), ...(this.o.execTimeoutMs ? { timeoutMs: this.o.execTimeoutMs } : {}) };
      const withDetails = this.router.flavor === 'frr' && this.o.frrDetails !== false;
      const [sessions, details] = await Promise.all([
        routerSessions(conn, this.router.flavor, { ...exec, now }),
        withDetails ? frrDetails(conn, exec, now()) : Promise.resolve(undefined),
      ]);
      return { ...base, at: now(), sessions: details ? mergeDetails(sessions, details) : sessions };
    } catch (e) {
      if (!isPlatError(e)) throw e;
      return { ...base, at: now(), error: { kind: e.name, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.conn;
    this.conn = undefined;
    if (c) await c.then((x) => x.close(), () => undefined);
  }

  private connection(): Promise<SshConnection> {
    const reuse = this.conn;
    if (reuse) {
      return reuse.then(
        (c) => (c.closed ? this.open() : c),
        () => this.open(),
      );
    }
    return this.open();
  }

  private open(): Promise<SshConnection> {
    if (this.closed) return Promise.reject(new Interrupted(`router ${this.target}: the source was closed`));
    const env = this.o.env ?? process.env;
    const r = this.router;
    this.opened++;
    // ssh2 (and its crypto) loads with the first connection, not with the network room.
    const opening = import('../../ssh/index.js').then(({ openSsh }) => openSsh({
      host: r.host,
      port: r.port,
      username: r.user,
      identityFile: expandHome(r.identityFile, env),
      knownHostsFile: expandHome(r.knownHosts, env),
      ...(this.o.timeoutMs ? { timeoutMs: this.o.timeoutMs } : {}),
      ...(this.o.execTimeoutMs ? { execTimeoutMs: this.o.execTimeoutMs } : {}),
      ...(this.o.clock ? { clock: this.o.clock } : {}),
    }));
    // Closed while the handshake ran: close what it opens instead of handing it out.
    this.conn = opening.then(async (c) => {
      if (!this.closed) return c;
      await c.close();
      throw new Interrupted(`router ${this.target}: the source was closed`);
    });
    return this.conn;
  }
}

/** Negotiated hold/keepalive and the local address come only from `show bgp neighbors json`. */
async function frrDetails(conn: SshConnection, exec: { signal?: AbortSignal; timeoutMs?: number }, now: number): Promise<BgpSession[] | undefined> {
  const command = frrNeighborCommand();
  try {
    const r = await conn.exec(command, exec);
    return r.code === 0 ? parseFrrBgpNeighbor(r.stdout, { now, command }) : undefined;
  } catch (e) {
    // The summary is the source of truth; missing details only cost the hold-time check.
    if (isPlatError(e)) return undefined;
    throw e;
  }
}

function mergeDetails(sessions: BgpSession[], details: BgpSession[]): BgpSession[] {
  const byAddress = new Map(details.map((d) => [d.peerAddress, d]));
  return sessions.map((s) => {
    const d = byAddress.get(s.peerAddress);
    // The two commands run side by side: a session that came up (or went down) between them shows
    // configured timers on one side and negotiated ones on the other. Mix nothing then; the next
    // read agrees.
    if (!d || d.state !== s.state) return s;
    const out = { ...s };
    if (d.holdTimeSeconds !== undefined) out.holdTimeSeconds = d.holdTimeSeconds;
    if (d.keepaliveSeconds !== undefined) out.keepaliveSeconds = d.keepaliveSeconds;
    if (d.localAddress !== undefined && out.localAddress === undefined) out.localAddress = d.localAddress;
    // The summary cannot date a drop in its first second (peerUptimeMsec 0); lastResetTimerMsecs can.
    if (out.downSinceMs === undefined && d.downSinceMs !== undefined && out.state !== 'Established') out.downSinceMs = d.downSinceMs;
    return out;
  });
}
