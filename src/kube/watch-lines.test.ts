import { describe, expect, it } from 'vitest';
import { parseWatchLine, WatchLineSplitter } from './watch-lines.js';

const stream = [
  '{"type":"ADDED","object":{"kind":"Kustomization","metadata":{"name":"cilium","resourceVersion":"11"}}}',
  '{"type":"BOOKMARK","object":{"kind":"Kustomization","metadata":{"resourceVersion":"12","creationTimestamp":null}}}',
  '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}',
].join('\n');

describe('WatchLineSplitter', () => {
  it('yields the same lines whatever the chunk boundaries', () => {
    for (const size of [1, 2, 7, 64, stream.length]) {
      const s = new WatchLineSplitter();
      const got: string[] = [];
      for (let i = 0; i < stream.length; i += size) got.push(...s.push(stream.slice(i, i + size)));
      // The last line has no newline yet: it waits until the stream ends.
      expect(got).toHaveLength(2);
      got.push(...s.flush());
      expect(got).toEqual(stream.split('\n'));
      expect(s.flush()).toEqual([]);
    }
  });

  it('skips blank lines and keepalive newlines', () => {
    const s = new WatchLineSplitter();
    expect(s.push('\n\n{"type":"ADDED"}\n\r\n')).toEqual(['{"type":"ADDED"}']);
  });
});

describe('parseWatchLine', () => {
  it('reads type and object', () => {
    expect(parseWatchLine(stream.split('\n')[2] as string)).toEqual({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 5 (9)', reason: 'Expired', code: 410 } });
  });

  it('refuses what is not an event', () => {
    expect(parseWatchLine('{"type":"ADDED"')).toBeUndefined();
    expect(parseWatchLine('[1,2]')).toBeUndefined();
    expect(parseWatchLine('{"object":{}}')).toBeUndefined();
    expect(parseWatchLine('<html>')).toBeUndefined();
  });
});
