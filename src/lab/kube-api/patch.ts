/**
 * The two patch formats the API server accepts for every kind: JSON merge patch (RFC 7386, what
 * `flux reconcile`/`suspend`/`resume` send) and JSON patch (RFC 6902). Both are pure and never
 * mutate their input (store objects are frozen).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** `malformed`: the patch document itself is wrong (400); `failed`: it does not apply (422). */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly kind: 'malformed' | 'failed',
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** RFC 7386: objects merge recursively, `null` deletes a key, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

function parsePointer(path: unknown, field: string): string[] {
  if (typeof path !== 'string') throw new PatchError(`${field} must be a string`, 'malformed');
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(path)}: must start with "/"`, 'malformed');
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, allowEnd: boolean, path: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`invalid array index ${JSON.stringify(token)} in ${path}`, 'failed');
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new PatchError(`array index ${i} out of bounds in ${path}`, 'failed');
  return i;
}

/** The container holding the last token, walking a (mutable, cloned) document. */
function parentOf(doc: unknown, tokens: string[], op: string, path: string): unknown {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false, path)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}`, 'failed');
  }
  return cur;
}

function getAt(doc: unknown, tokens: string[], op: string, path: string): unknown {
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false, path)];
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return parent[last];
  throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}`, 'failed');
}

function removeAt(doc: unknown, tokens: string[], op: string, path: string): unknown {
  const value = getAt(doc, tokens, op, path);
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[last];
  return value;
}

function addAt(doc: unknown, tokens: string[], value: unknown, op: string, path: string): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, path), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}`, 'failed');
  return doc;
}

/** RFC 6902. Operations apply in order to a copy; the first one that fails aborts the whole patch. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('a JSON patch must be an array of operations', 'malformed');
  let out = structuredClone(doc);
  for (const raw of ops) {
    if (!isObject(raw)) throw new PatchError('a JSON patch operation must be an object', 'malformed');
    const op = raw.op;
    const path = raw.path as string;
    const tokens = parsePointer(raw.path, 'path');
    const needsValue = op === 'add' || op === 'replace' || op === 'test';
    if (needsValue && !('value' in raw)) throw new PatchError(`${String(op)} operation is missing "value"`, 'malformed');
    switch (op) {
      case 'add':
        out = addAt(out, tokens, structuredClone(raw.value), 'add', path);
        break;
      case 'remove':
        if (tokens.length === 0) throw new PatchError('remove operation cannot remove the whole document', 'failed');
        removeAt(out, tokens, 'remove', path);
        break;
      case 'replace':
        if (tokens.length === 0) out = structuredClone(raw.value);
        else {
          removeAt(out, tokens, 'replace', path);
          out = addAt(out, tokens, structuredClone(raw.value), 'replace', path);
        }
        break;
      case 'move':
      case 'copy': {
        const from = parsePointer(raw.from, 'from');
        const fromPath = raw.from as string;
        if (op === 'move' && path.startsWith(`${fromPath}/`)) throw new PatchError(`move operation cannot move ${fromPath} into its own child ${path}`, 'failed');
        const value = op === 'move' ? removeAt(out, from, op, fromPath) : structuredClone(getAt(out, from, op, fromPath));
        out = addAt(out, tokens, value, op, path);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(out, tokens, 'test', path), raw.value)) throw new PatchError(`testing value ${path} failed`, 'failed');
        break;
      default:
        throw new PatchError(`unknown JSON patch operation ${JSON.stringify(op)}`, 'malformed');
    }
  }
  return out;
}
