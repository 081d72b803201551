import { describe, expect, expectTypeOf, it } from 'vitest';
import { arr, bool, check, int, lit, num, obj, oneOf, opt, pathText, rec, str, type Infer, type Shape } from './shape.js';

/** The first problem as one line, `path: message`, or the value when it passed. */
function first<T>(shape: Shape<T>, value: unknown): string {
  const r = check(shape, value);
  return r.ok ? 'ok' : `${r.path.join('.') || '(top)'}: ${r.message}`;
}

describe('leaves', () => {
  it('str: a string, optionally matching a pattern; the rejected value is quoted, cut and escaped', () => {
    expect(check(str(), 'x')).toEqual({ ok: true, value: 'x' });
    expect(first(str(), 5)).toBe('(top): expected string, received number');
    expect(first(str(), null)).toBe('(top): expected string, received null');
    expect(first(str(), undefined)).toBe('(top): required');
    const asdot = str(/^\d+(\.\d+)?$/);
    expect(first(asdot, '1.10')).toBe('ok');
    expect(first(asdot, 'x1')).toBe('(top): expected string matching /^\\d+(\\.\\d+)?$/, received "x1"');
    expect(first(asdot, 'y'.repeat(100))).toBe(`(top): expected string matching /^\\d+(\\.\\d+)?$/, received "${'y'.repeat(40)}…"`);
    expect(first(asdot, 'a\u001b[31m\u202e')).toBe('(top): expected string matching /^\\d+(\\.\\d+)?$/, received "a\\u001b[31m\\u202e"');
  });

  it('num: finite numbers only', () => {
    expect(first(num(), 1.5)).toBe('ok');
    expect(first(num(), -0)).toBe('ok');
    expect(first(num(), NaN)).toBe('(top): expected number, received NaN');
    expect(first(num(), Infinity)).toBe('(top): expected number, received Infinity');
    expect(first(num(), '1')).toBe('(top): expected number, received string');
  });

  it('int: safe integers, with an optional lower bound', () => {
    expect(first(int(), -3)).toBe('ok');
    expect(first(int(), 1.5)).toBe('(top): expected integer, received 1.5');
    expect(first(int(), 2 ** 53)).toBe('(top): expected integer, received 9007199254740992');
    const count = int({ min: 0 });
    expect(first(count, 0)).toBe('ok');
    expect(first(count, 4294967295)).toBe('ok');
    expect(first(count, -1)).toBe('(top): expected integer ≥ 0, received -1');
    expect(first(count, '3')).toBe('(top): expected integer ≥ 0, received string');
    expect(first(count, [])).toBe('(top): expected integer ≥ 0, received array');
  });

  it('bool and lit', () => {
    expect(first(bool(), false)).toBe('ok');
    expect(first(bool(), 'true')).toBe('(top): expected boolean, received string');
    expect(check(lit(1), 1)).toEqual({ ok: true, value: 1 });
    expect(first(lit(1), 2)).toBe('(top): expected 1, received 2');
    expect(first(lit(1), '1')).toBe('(top): expected 1, received string');
    expect(first(lit(null), null)).toBe('ok');
    expect(first(lit(null), 0)).toBe('(top): expected null, received number');
  });
});

describe('obj and opt', () => {
  const peer = obj({ name: str(), asn: opt(int({ min: 0 })), timers: opt(obj({ hold: int() })) });

  it('keeps the declared keys only and leaves the input alone', () => {
    const input = { name: 'p', asn: 65001, extra: { deep: 1 }, timers: { hold: 90, other: 'x' } };
    const r = check(peer, input);
    expect(r).toEqual({ ok: true, value: { name: 'p', asn: 65001, timers: { hold: 90 } } });
    expect(r.ok && Object.keys(r.value)).toEqual(['name', 'asn', 'timers']);
    expect(input.extra).toEqual({ deep: 1 });
  });

  it('optional: missing and undefined pass (and stay absent), null does not', () => {
    const r = check(peer, { name: 'p', asn: undefined });
    expect(r.ok && 'asn' in r.value).toBe(false);
    expect(first(peer, { name: 'p', asn: null })).toBe('asn: expected integer ≥ 0, received null');
    expect(first(peer, { name: 'p', timers: null })).toBe('timers: expected object, received null');
  });

  it('a missing key is "required"; the first problem follows the declared order, not the input order', () => {
    expect(first(peer, {})).toBe('name: required');
    expect(first(peer, { asn: -1, name: 7 })).toBe('name: expected string, received number');
    expect(first(peer, { name: 'p', timers: {} })).toBe('timers.hold: required');
    expect(first(peer, { name: 'p', timers: { hold: 'x' } })).toBe('timers.hold: expected integer, received string');
  });

  it('arrays, null and scalars are not objects', () => {
    expect(first(peer, [])).toBe('(top): expected object, received array');
    expect(first(peer, null)).toBe('(top): expected object, received null');
    expect(first(peer, 'p')).toBe('(top): expected object, received string');
    expect(first(peer, undefined)).toBe('(top): required');
  });
});

describe('arr and rec', () => {
  it('arr: every item, with its index in the path, also nested', () => {
    expect(check(arr(int()), [1, 2])).toEqual({ ok: true, value: [1, 2] });
    expect(first(arr(int()), { 0: 1 })).toBe('(top): expected array, received object');
    expect(first(arr(str()), ['a', 1])).toBe('1: expected string, received number');
    expect(first(arr(arr(str())), [['a'], ['b', null]])).toBe('1.1: expected string, received null');
    expect(first(arr(obj({ ips: arr(str()) })), [{ ips: [] }, { ips: ['x', false] }])).toBe('1.ips.1: expected string, received boolean');
  });

  it('rec: a plain object of checked values, with the key in the path', () => {
    const families = rec(obj({ peers: rec(obj({ remoteAs: int() })) }));
    const good = { ipv4Unicast: { peers: { '10.0.0.1': { remoteAs: 1, x: 2 } } }, ipv6Unicast: { peers: {} } };
    expect(check(families, good)).toEqual({ ok: true, value: { ipv4Unicast: { peers: { '10.0.0.1': { remoteAs: 1 } } }, ipv6Unicast: { peers: {} } } });
    expect(first(families, { ipv4Unicast: { peers: { '10.0.0.1': {} } } })).toBe('ipv4Unicast.peers.10.0.0.1.remoteAs: required');
    expect(first(families, { a: { peers: {} }, b: 1 })).toBe('b: expected object, received number');
    expect(first(families, [])).toBe('(top): expected object, received array');
    expect(first(rec(str()), new Date(0))).toBe('(top): expected object, received Date');
    expect(first(rec(arr(int())), { a: [1], b: [2, 'x'] })).toBe('b.1: expected integer, received string');
  });

  it('rec: a "__proto__" key from JSON is checked but never becomes the prototype', () => {
    expect(first(rec(num()), JSON.parse('{"__proto__":{"x":1}}'))).toBe('__proto__: expected number, received object');
    const r = check(rec(obj({ polluted: opt(int()) })), JSON.parse('{"__proto__":{"polluted":1},"a":{}}'));
    if (!r.ok) throw new Error(r.message);
    expect(Object.keys(r.value)).toEqual(['a']);
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect((r.value as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('oneOf', () => {
  const asn = oneOf(int({ min: 0 }), str(/^\d+(\.\d+)?$/));

  it('takes the member of the value\'s kind', () => {
    expect(check(asn, 65001)).toEqual({ ok: true, value: 65001 });
    expect(check(asn, '1.10')).toEqual({ ok: true, value: '1.10' });
  });

  it('reports that member\'s problem, or both members when no kind fits', () => {
    expect(first(asn, -1)).toBe('(top): expected integer ≥ 0, received -1');
    expect(first(asn, 'x')).toBe('(top): expected string matching /^\\d+(\\.\\d+)?$/, received "x"');
    expect(first(asn, true)).toBe('(top): expected integer ≥ 0 or string matching /^\\d+(\\.\\d+)?$/, received boolean');
    expect(first(asn, undefined)).toBe('(top): required');
    expect(first(obj({ remoteAs: asn }), { remoteAs: null })).toBe('remoteAs: expected integer ≥ 0 or string matching /^\\d+(\\.\\d+)?$/, received null');
  });

  it('with lit(null): a list that Go marshals as null when empty', () => {
    const list = oneOf(arr(obj({ a: int() })), lit(null));
    expect(check(list, null)).toEqual({ ok: true, value: null });
    expect(first(list, [{ a: 1 }, {}])).toBe('1.a: required');
    expect(first(list, {})).toBe('(top): expected array or null, received object');
  });

  it('tries members of the same kind in order, and nested unions', () => {
    const state = oneOf(lit('up'), lit('down'), int());
    expect(first(state, 'down')).toBe('ok');
    expect(first(state, 'sideways')).toBe('(top): expected "up", received "sideways"');
    expect(first(oneOf(oneOf(lit('a'), int()), bool()), 3)).toBe('ok');
    expect(first(opt(oneOf(int(), str())), undefined)).toBe('ok');
  });
});

it('infers the checked type: required, optional and union keys', () => {
  const s = obj({ name: str(), asn: opt(oneOf(int(), str())), tags: opt(rec(str())), list: arr(obj({ on: bool() })), v: lit(1) });
  expectTypeOf<Infer<typeof s>>().toEqualTypeOf<{
    name: string;
    list: Array<{ on: boolean }>;
    v: 1;
    asn?: number | string | undefined;
    tags?: Record<string, string> | undefined;
  }>();
  const r = check(s, { name: 'n', list: [{ on: true }], v: 1 });
  expect(r.ok && r.value.list[0]?.on).toBe(true);
});

it('prints a path with outside keys as printable ASCII', () => {
  const r = check(rec(obj({ state: str() })), { 'a\nb\u202e': { state: 1 } });
  expect(r.ok).toBe(false);
  expect(!r.ok && pathText(r.path)).toBe('a\\u000ab\\u202e.state');
});
