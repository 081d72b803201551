import { describe, expect, it } from 'vitest';
import { Unreachable } from '../errors/index.js';
import { connectErrorFor } from './errors.js';

const err = (message: string, extra: { level?: string; code?: string }) => Object.assign(new Error(message), extra);

describe('connectErrorFor', () => {
  it.each([
    [{ level: 'client-socket', code: 'ECONNREFUSED' }, 'refused', 'connection refused (nothing listens on that port?)'],
    [{ level: 'client-socket', code: 'ENOTFOUND' }, 'dns', 'cannot resolve the host name (ENOTFOUND)'],
    [{ level: 'client-socket', code: 'EAI_AGAIN' }, 'dns', 'cannot resolve the host name (EAI_AGAIN)'],
    [{ level: 'client-dns' }, 'dns', 'cannot resolve the host name (DNS lookup failed)'],
    [{ level: 'client-socket', code: 'ETIMEDOUT' }, 'timeout', 'timed out'],
    [{ level: 'client-socket', code: 'ECONNRESET' }, 'closed', 'connection reset by the host'],
    [{ level: 'client-socket', code: 'EHOSTUNREACH' }, 'network', 'network error (EHOSTUNREACH)'],
    [{ level: 'protocol' }, 'protocol', 'SSH handshake failed: boom'],
  ])('%j → %s', (extra, reason, detail) => {
    const e = connectErrorFor('router.lab:22', err('boom', extra));
    expect(e).toBeInstanceOf(Unreachable);
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(`SSH to router.lab:22: ${detail}`);
    expect(e.exitCode).toBe(1);
  });
});
