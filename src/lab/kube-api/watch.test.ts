import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createObjectStore } from './object-store.js';
import { startKubeApiServer } from './server.js';
import type { KubeApiServer, KubeObject } from './types.js';

interface WatchEvent {
  type: string;
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

interface OpenWatch {
  events: WatchEvent[];
  /** Resolves once `count` events have arrived (or the stream ended). */
  next(count: number): Promise<WatchEvent[]>;
  ended: Promise<'ended' | 'aborted'>;
  close(): void;
}

/** A plain HTTP watch client: one JSON event per line, as the apiserver streams them. */
function openWatch(s: KubeApiServer, path: string): Promise<OpenWatch> {
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    let waiters: { count: number; done: (e: WatchEvent[]) => void }[] = [];
    let finished = false;
    const wake = (): void => {
      const ready = waiters.filter((w) => finished || events.length >= w.count);
      waiters = waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.done(events.slice(0, w.count));
    };
    let endResolve: (v: 'ended' | 'aborted') => void = () => undefined;
    const ended = new Promise<'ended' | 'aborted'>((r) => (endResolve = r));
    const req = request(new URL(path, s.url), (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          events.push(JSON.parse(buf.slice(0, i)) as WatchEvent);
          buf = buf.slice(i + 1);
        }
        wake();
      });
      res.on('end', () => {
        finished = true;
        endResolve('ended');
        wake();
      });
      res.on('aborted', () => {
        finished = true;
        endResolve('aborted');
        wake();
      });
      resolve({
        events,
        next: (count) => new Promise((done) => {
          waiters.push({ count, done });
          wake();
        }),
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', (e) => {
      finished = true;
      endResolve('aborted');
      wake();
      if (!events.length) reject(e);
    });
    req.end();
  });
}

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const WATCH = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations?watch=1';
const ks = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: KS, kind: 'Kustomization', metadata: { name, namespace: 'flux-system', labels }, spec: { interval: '10m' } });

let server: KubeApiServer | undefined;
const watches: OpenWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) w.close();
  await server?.close();
  server = undefined;
});

async function start(opts: { clock?: ManualClock; watchHistoryLimit?: number } = {}): Promise<KubeApiServer> {
  const clock = opts.clock ?? new ManualClock();
  server = await startKubeApiServer({ store: createObjectStore(undefined, { clock }), clusterName: 'infra', clock, tls: false, ...(opts.watchHistoryLimit ? { watchHistoryLimit: opts.watchHistoryLimit } : {}) });
  return server;
}

async function watch(s: KubeApiServer, query = ''): Promise<OpenWatch> {
  const w = await openWatch(s, `${WATCH}${query}`);
  watches.push(w);
  return w;
}

describe('watch', () => {
  it('starts with ADDED for the current state, then streams MODIFIED and DELETED', async () => {
    const s = await start();
    s.store.upsert(ks('a'));
    const w = await watch(s);
    s.store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { spec: { suspend: true } });
    s.store.delete(KS, 'Kustomization', 'flux-system', 'a');
    const events = await w.next(3);
    expect(events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion])).toEqual([
      ['ADDED', 'a', '2'],
      ['MODIFIED', 'a', '3'],
      ['DELETED', 'a', '4'],
    ]);
    expect(events[1]?.object.spec).toEqual({ interval: '10m', suspend: true });
  });

  it('resumes from a resourceVersion with exactly the events after it', async () => {
    const s = await start();
    s.store.upsert(ks('a'));
    const rv = s.store.resourceVersion();
    s.store.upsert(ks('b'));
    s.store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { metadata: { labels: { x: 'y' } } });
    const w = await watch(s, `&resourceVersion=${rv}`);
    const events = await w.next(2);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'b'], ['MODIFIED', 'a']]);
  });

  it('sends 410 Expired as an ERROR event and ends the stream when the resourceVersion was compacted', async () => {
    const s = await start({ watchHistoryLimit: 2 });
    s.store.upsert(ks('a'));
    const old = s.store.resourceVersion();
    for (const n of ['b', 'c', 'd']) s.store.upsert(ks(n));
    const w = await watch(s, `&resourceVersion=${old}`);
    expect(await w.ended).toBe('ended');
    expect(w.events).toEqual([
      { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${old} (4)`, reason: 'Expired', code: 410 } },
    ]);
    // A version still inside the history resumes; after compaction it no longer does.
    const ok = await watch(s, `&resourceVersion=${Number(s.store.resourceVersion()) - 1}`);
    expect((await ok.next(1)).map((e) => e.object.metadata.name)).toEqual(['d']);
    s.compactWatchHistory();
    const gone = await watch(s, `&resourceVersion=${Number(s.store.resourceVersion()) - 1}`);
    await gone.ended;
    expect(gone.events[0]?.object.code).toBe(410);
  });

  it('sends BOOKMARK events with the current resourceVersion on the clock when asked to', async () => {
    const clock = new ManualClock();
    const s = await start({ clock });
    s.store.upsert(ks('a'));
    const w = await watch(s, '&allowWatchBookmarks=true&resourceVersion=' + s.store.resourceVersion());
    clock.advance(60_000);
    s.store.upsert(ks('b'));
    clock.advance(60_000);
    const events = await w.next(3);
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([
      ['BOOKMARK', '2'],
      ['ADDED', '3'],
      ['BOOKMARK', '3'],
    ]);
    expect(events[0]?.object).toEqual({ kind: 'Kustomization', apiVersion: KS, metadata: { resourceVersion: '2', creationTimestamp: null } });
  });

  it('turns selector transitions into ADDED and DELETED, like the watch cache', async () => {
    const s = await start();
    s.store.upsert(ks('a'));
    const w = await watch(s, '&labelSelector=tier%3Dweb');
    s.store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { metadata: { labels: { tier: 'web' } } });
    s.store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { spec: { path: './x' } });
    s.store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { metadata: { labels: { tier: null } } });
    s.store.upsert(ks('other'));
    const events = await w.next(3);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('ends after timeoutSeconds and is dropped server-side by dropWatches', async () => {
    const clock = new ManualClock();
    const s = await start({ clock });
    const timed = await watch(s, '&timeoutSeconds=30');
    const dropped = await watch(s);
    expect(s.openWatches()).toBe(2);
    clock.advance(30_000);
    expect(await timed.ended).toBe('ended');
    s.dropWatches();
    expect(await dropped.ended).toBe('aborted');
    expect(s.openWatches()).toBe(0);
  });
});
