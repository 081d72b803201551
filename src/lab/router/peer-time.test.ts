import { describe, expect, it } from 'vitest';
import { frrUptime, messageSplit, peerTime } from './peer-time.js';
import type { RouterNeighbor } from './types.js';

const up = (seconds: number) => frrUptime({ neverUp: false, seconds });

describe('frrUptime (bgpd.c peer_uptime)', () => {
  it('prints each range like FRR', () => {
    expect(frrUptime({ neverUp: true, seconds: 0 })).toBe('never');
    expect(up(0)).toBe('00:00:00');
    expect(up(3723)).toBe('01:02:03'); // sample: peerUptimeMsec 3723000
    expect(up(177_119)).toBe('2d01h11m'); // sample: peerUptimeMsec 177119000
    expect(up(9 * 86_400 + 5 * 3600)).toBe('01w2d05h');
    expect(up(400 * 86_400)).toBe('01y05w0d');
  });
});

describe('peerTime', () => {
  const n = (over: Partial<RouterNeighbor>): RouterNeighbor => ({
    peerAddress: '10.25.11.11',
    remoteAs: 64512,
    localAs: 64501,
    state: 'Established',
    stateSinceMs: 0,
    prefixesReceived: 0,
    prefixesSent: 0,
    msgRcvd: 0,
    msgSent: 0,
    holdTime: 90,
    keepalive: 30,
    connectionsEstablished: 1,
    connectionsDropped: 0,
    ...over,
  });

  it('counts whole seconds in the current state and knows a never-up peer', () => {
    expect(peerTime(n({ stateSinceMs: 1000 }), 62_999)).toEqual({ neverUp: false, seconds: 61 });
    expect(peerTime(n({ state: 'Active', connectionsEstablished: 0 }), 5000).neverUp).toBe(true);
    expect(peerTime(n({ state: 'Active', connectionsEstablished: 1 }), 5000).neverUp).toBe(false);
    expect(peerTime(n({ stateSinceMs: 9000 }), 5000).seconds).toBe(0);
  });
});

describe('messageSplit', () => {
  it('adds up to the total', () => {
    for (const [total, prefixes] of [[0, 0], [1, 2], [5910, 2], [3, 10]] as const) {
      const m = messageSplit(total, prefixes);
      expect(m.open + m.update + m.keepalive).toBe(total);
      expect(m.keepalive).toBeGreaterThanOrEqual(0);
    }
  });
});
