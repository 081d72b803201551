/**
 * Turn zod issues into `file:line:col path: message` lines, with a did-you-mean for unknown keys.
 * Works for any zod schema (plat.yaml, runbooks, lab scenarios).
 */
import type * as z from 'zod';
import { didYouMean } from './did-you-mean.js';
import { problemAt, type PathKey, type YamlSource } from './yaml-source.js';

type AnySchema = z.core.$ZodType;

const defOf = (s: AnySchema): Record<string, unknown> => s._zod.def as unknown as Record<string, unknown>;

/** Keys an object schema accepts at `path`, following wrappers, arrays and discriminated unions. */
export function knownKeysAt(schema: AnySchema, path: readonly PathKey[], data: unknown): string[] {
  let s: AnySchema | undefined = schema;
  let d: unknown = data;
  const step = (key: PathKey | undefined): boolean => {
    for (let guard = 0; s && guard < 20; guard++) {
      const def = defOf(s);
      switch (def.type) {
        case 'optional':
        case 'default':
        case 'prefault':
        case 'nullable':
        case 'readonly':
        case 'catch':
          s = def.innerType as AnySchema;
          continue;
        case 'pipe':
          s = def.in as AnySchema;
          continue;
        case 'union': {
          const opts = def.options as AnySchema[];
          const disc = def.discriminator as string | undefined;
          const dv = disc && d && typeof d === 'object' ? (d as Record<string, unknown>)[disc] : undefined;
          s = opts.find((o) => {
            const shape = (o as { _zod: { def: { shape?: Record<string, AnySchema> } } })._zod.def.shape;
            const lit = shape?.[disc ?? '']?._zod.def as { values?: unknown[] } | undefined;
            return lit?.values?.includes(dv);
          }) ?? opts[0];
          continue;
        }
      }
      if (key === undefined) return true;
      if (def.type === 'object') {
        s = (def.shape as Record<string, AnySchema>)[String(key)];
      } else if (def.type === 'array') {
        s = def.element as AnySchema;
      } else if (def.type === 'record') {
        s = def.valueType as AnySchema;
      } else {
        s = undefined;
      }
      d = d && typeof d === 'object' ? (d as Record<string, unknown>)[key as string] : undefined;
      return s !== undefined;
    }
    return false;
  };
  for (const k of path) if (!step(k)) return [];
  step(undefined);
  const def = s ? defOf(s) : undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

export function zodProblems(src: YamlSource, schema: AnySchema, issues: readonly z.core.$ZodIssue[]): string[] {
  const out: string[] = [];
  for (const iss of issues) {
    const path = iss.path.filter((p): p is PathKey => typeof p !== 'symbol');
    if (iss.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path, src.value);
      for (const key of iss.keys) {
        const guess = didYouMean(key, known);
        const msg = `unknown key ${JSON.stringify(key)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : known.length ? ` (expected one of: ${known.join(', ')})` : ''}`;
        out.push(problemAt(src, path, msg, key));
      }
      continue;
    }
    out.push(problemAt(src, path, issueMessage(iss)));
  }
  return out;
}

function issueMessage(iss: z.core.$ZodIssue): string {
  if (iss.code === 'invalid_type') {
    const input = (iss as { input?: unknown }).input;
    if (input === undefined) return `is required (${iss.expected})`;
    return `expected ${iss.expected}, got ${describe(input)}`;
  }
  if (iss.code === 'invalid_value') {
    return `${describe((iss as { input?: unknown }).input)} is not one of: ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (iss.code === 'invalid_union' && (iss as { note?: string }).note === 'No matching discriminator') {
    return `unknown type; expected one of the documented destination types (local, sftp)`;
  }
  return iss.message;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return JSON.stringify(v);
}
