/**
 * One `?watch=1` request: a chunked response of newline-delimited `{"type","object"}` events.
 * Like the apiserver: no resourceVersion (or "0") starts with synthetic ADDED events for the
 * current state; a resourceVersion resumes from the history, or — when it was compacted away — the
 * stream carries a single ERROR event holding a 410 Expired Status and ends (HTTP status stays 200).
 * BOOKMARKs carry only the current resourceVersion, on the injected clock.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import { badRequest, expired } from './api-status.js';
import { apiVersionOf } from './catalog.js';
import { selectorsFrom, type ObjectRoute, type Rendering } from './handlers.js';
import { tableJson } from './table.js';
import type { KubeObject, ObjectStore, WatchEventType } from './types.js';
import { matchesFilter, type WatchFilter, type WatchHub, type Watcher } from './watch-hub.js';
import { objectJson, watchEventJson } from './wire.js';

export interface WatchContext {
  store: ObjectStore;
  hub: WatchHub;
  clock: Clock;
  bookmarkIntervalMs: number;
  headers: Record<string, string>;
}

export function serveWatch(req: IncomingMessage, res: ServerResponse, ctx: WatchContext, route: ObjectRoute, q: URLSearchParams, r: Rendering): void {
  const t = route.type;
  const { labels, fields } = selectorsFrom(q, t);
  const filter: WatchFilter = { apiVersion: apiVersionOf(t), kind: t.kind, labels, fields, ...(route.namespace !== undefined ? { namespace: route.namespace } : {}) };
  const rvParam = q.get('resourceVersion') ?? '';
  const sendInitial = q.get('sendInitialEvents') === 'true';
  if (rvParam !== '' && !/^\d+$/.test(rvParam)) throw badRequest(`invalid resource version: ${rvParam}`);

  const encode = (type: string, o: KubeObject): string =>
    watchEventJson(type, r.table ? tableJson(t, [o], { now: r.now, includeObject: r.includeObject, tableApiVersion: r.table }) : objectJson(o));
  const bookmark = (annotations?: Record<string, string>): string =>
    watchEventJson('BOOKMARK', JSON.stringify({ kind: t.kind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: ctx.store.resourceVersion(), creationTimestamp: null, ...(annotations ? { annotations } : {}) } }));

  res.writeHead(200, { ...ctx.headers, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  const chunks: string[] = [];
  if (rvParam === '' || rvParam === '0' || sendInitial) {
    for (const o of ctx.store.list(filter.apiVersion, filter.kind, filter.namespace)) if (matchesFilter(filter, o)) chunks.push(encode('ADDED', o));
    if (sendInitial && q.get('allowWatchBookmarks') === 'true') chunks.push(bookmark({ 'k8s.io/initial-events-end': 'true' }));
  } else {
    const replay = ctx.hub.since(Number(rvParam), filter);
    if (!replay) {
      res.end(watchEventJson('ERROR', JSON.stringify(expired(rvParam, ctx.hub.oldestResumable() + 1).body())));
      return;
    }
    for (const e of replay) chunks.push(encode(e.type, e.object));
  }
  if (chunks.length) res.write(chunks.join(''));

  let bookmarkTimer: unknown;
  let timeoutTimer: unknown;
  let open = true;
  const watcher: Watcher = {
    filter,
    deliver: (type: WatchEventType, o: KubeObject) => {
      if (open) res.write(encode(type, o));
    },
    drop: () => {
      close();
      res.socket?.destroy();
    },
  };
  const close = (): void => {
    if (!open) return;
    open = false;
    ctx.hub.remove(watcher);
    if (bookmarkTimer !== undefined) ctx.clock.clearTimeout(bookmarkTimer);
    if (timeoutTimer !== undefined) ctx.clock.clearTimeout(timeoutTimer);
  };
  ctx.hub.add(watcher);
  res.on('close', close);
  req.on('close', close);

  if (q.get('allowWatchBookmarks') === 'true') {
    const tick = (): void => {
      if (!open) return;
      res.write(bookmark());
      bookmarkTimer = ctx.clock.setTimeout(tick, ctx.bookmarkIntervalMs);
    };
    bookmarkTimer = ctx.clock.setTimeout(tick, ctx.bookmarkIntervalMs);
  }
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  if (timeout > 0) {
    timeoutTimer = ctx.clock.setTimeout(() => {
      close();
      res.end();
    }, timeout * 1000);
  }
}
