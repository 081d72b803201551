/**
 * Shape checks for what the network room reads from elsewhere: Kubernetes API objects, FRR and
 * gobgp JSON, the saved bond looks. A shape is a plain object with a closure; a check walks the
 * value once, builds the result (declared keys only) and reports the FIRST problem with its path.
 * Not zod (kept for plat.yaml, runbooks): its load + schema build + first-parse JIT cost `plat net bgp` ~40 ms.
 */

export type Path = Array<string | number>;
export type Checked<T> = { ok: true; value: T } | { ok: false; path: Path; message: string };

/** The first problem: made once where it happens; each enclosing level prepends its key on the way out. */
export class ShapeProblem {
  constructor(readonly path: Path, readonly message: string) {}
}

/** `kind`: the kind of value it takes (`string`, `array`, `null`…), to pick a union member; `what`: in words, for messages. */
export interface Shape<T> {
  readonly kind: string;
  readonly what: string;
  readonly optional?: true;
  read(value: unknown): T | ShapeProblem;
}
export type Infer<S> = S extends Shape<infer T> ? T : never;

type Props = Record<string, Shape<unknown>>;
type OptionalKeys<P extends Props> = { [K in keyof P]: P[K] extends { optional: true } ? K : never }[keyof P];
type ObjectOf<P extends Props> = { [K in Exclude<keyof P, OptionalKeys<P>>]: Infer<P[K]> } & { [K in OptionalKeys<P>]?: Infer<P[K]> };
type Flat<T> = { [K in keyof T]: T[K] } & {};

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function plainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Outside text in a message stays printable ASCII (no escapes, no bidi tricks); only our own ≥ and … are not. */
const quote = (s: string): string => JSON.stringify(s).replace(/[^\x20-\x7e…]/g, escape);

/** A problem's path as text (`peers.10.0.0.1.state`): keys come from outside too, so they are printable ASCII here. */
export const pathText = (path: Path): string => path.map((k) => String(k).replace(/[^\x20-\x7e]/g, escape)).join('.');

/** `required` for a missing value; its kind when that is wrong; the value itself when only the value is. */
function problem(what: string, kind: string, v: unknown): ShapeProblem {
  if (v === undefined) return new ShapeProblem([], 'required');
  let got = kindOf(v);
  if (got === kind && (typeof v === 'number' || typeof v === 'boolean')) got = String(v);
  else if (got === kind && typeof v === 'string') got = quote(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  else if (got === 'object' && !plainObject(v)) got = (v as { constructor?: { name?: string } }).constructor?.name || 'object';
  return new ShapeProblem([], `expected ${what}, received ${got}`);
}

function under(key: string | number, p: ShapeProblem): ShapeProblem {
  p.path.unshift(key);
  return p;
}

const shape = <T>(kind: string, what: string, read: (v: unknown) => T | ShapeProblem): Shape<T> => ({ kind, what, read });
const leaf = <T>(kind: string, what: string, ok: (v: unknown) => boolean): Shape<T> =>
  shape(kind, what, (v) => (ok(v) ? (v as T) : problem(what, kind, v)));

export const str = (pattern?: RegExp): Shape<string> =>
  leaf('string', pattern ? `string matching ${String(pattern)}` : 'string', (v) => typeof v === 'string' && (!pattern || pattern.test(v)));

/** A finite number (no NaN, no Infinity). */
export const num = (): Shape<number> => leaf('number', 'number', (v) => Number.isFinite(v));

/** A safe integer; `{ min: 0 }` for counts and AS numbers. */
export const int = ({ min }: { min?: number } = {}): Shape<number> =>
  leaf('number', min === undefined ? 'integer' : `integer ≥ ${min}`, (v) => Number.isSafeInteger(v) && (min === undefined || (v as number) >= min));

export const bool = (): Shape<boolean> => leaf('boolean', 'boolean', (v) => typeof v === 'boolean');

/** Exactly this value: `lit(1)`, `lit(null)`. */
export const lit = <const L extends string | number | boolean | null>(value: L): Shape<L> =>
  leaf(kindOf(value), JSON.stringify(value), (v) => v === value);

/** May be missing (undefined); `null` is still wrong unless the inner shape takes it. */
export const opt = <T>(inner: Shape<T>): Shape<T | undefined> & { readonly optional: true } =>
  ({ ...shape(inner.kind, inner.what, (v) => (v === undefined ? undefined : inner.read(v))), optional: true });

/** An object (not an array) with these keys; other keys are ignored and left out of the result. */
export function obj<P extends Props>(props: P): Shape<Flat<ObjectOf<P>>> {
  const keys = Object.keys(props);
  const shapes = keys.map((k) => props[k]!);
  return shape('object', 'object', (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return problem('object', 'object', v);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const r = shapes[i]!.read((v as Record<string, unknown>)[keys[i]!]);
      if (r instanceof ShapeProblem) return under(keys[i]!, r);
      if (r !== undefined) out[keys[i]!] = r;
    }
    return out as Flat<ObjectOf<P>>;
  });
}

export const arr = <T>(item: Shape<T>): Shape<T[]> =>
  shape('array', 'array', (v) => {
    if (!Array.isArray(v)) return problem('array', 'array', v);
    const out = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) {
      const r = item.read(v[i]);
      if (r instanceof ShapeProblem) return under(i, r);
      out[i] = r;
    }
    return out;
  });

/** A string-keyed record: only a plain (JSON) object is one; a `__proto__` key is checked, not copied. */
export const rec = <T>(value: Shape<T>): Shape<Record<string, T>> =>
  shape('object', 'object', (v) => {
    if (!plainObject(v)) return problem('object', 'object', v);
    const out: Record<string, T> = {};
    for (const k of Object.keys(v)) {
      const r = value.read(v[k]);
      if (r instanceof ShapeProblem) return under(k, r);
      if (k !== '__proto__') out[k] = r;
    }
    return out;
  });

/** The first member of the value's kind that takes it; else the problem from the first of that kind, else "expected A or B". */
export function oneOf<S extends Array<Shape<unknown>>>(...members: S): Shape<Infer<S[number]>> {
  const what = members.map((m) => m.what).join(' or ');
  return shape('union', what, (v) => {
    const kind = kindOf(v);
    let first: ShapeProblem | undefined;
    for (const m of members) {
      if (m.kind !== kind && m.kind !== 'union') continue;
      const r = m.read(v);
      if (!(r instanceof ShapeProblem)) return r as Infer<S[number]>;
      first ??= r;
    }
    return first ?? problem(what, 'union', v);
  });
}

export function check<T>(shape: Shape<T>, value: unknown): Checked<T> {
  const r = shape.read(value);
  return r instanceof ShapeProblem ? { ok: false, path: r.path, message: r.message } : { ok: true, value: r };
}
