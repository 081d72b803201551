/**
 * What `config show` prints. plat.yaml should hold paths, not secrets, but operators paste things:
 * any value under a key that names a secret is replaced, whatever its type.
 */
const SECRET_KEY = /(token|password|passphrase|secret|privatekey|private_key|credential|apikey|api_key)$/i;

export function redactConfig<T>(value: T): T {
  return walk(value) as T;
}

function walk(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(walk);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? '<redacted>' : walk(val);
    return out;
  }
  return v;
}
