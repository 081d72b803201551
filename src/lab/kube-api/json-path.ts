/**
 * The subset of Kubernetes JSONPath that CRD printer columns use: `.a.b`, `[n]`, `[*]` and the
 * filter `[?(@.type=="Ready")]`. Returns every match; printer columns take the first.
 */
export class JsonPathError extends Error {}

type Step = { kind: 'field'; name: string } | { kind: 'index'; index: number | '*' } | { kind: 'filter'; field: string[]; value: string; negate: boolean };

export function compileJsonPath(path: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const p = path.replace(/^\{(.*)\}$/, '$1');
  while (i < p.length) {
    const ch = p[i];
    if (ch === '.') {
      const m = /^\.([A-Za-z0-9_\-$]+)/.exec(p.slice(i));
      if (!m) throw new JsonPathError(`unrecognized identifier in ${path} at ${i}`);
      steps.push({ kind: 'field', name: m[1] as string });
      i += m[0].length;
    } else if (ch === '[') {
      const rest = p.slice(i);
      const filter = /^\[\?\(@((?:\.[A-Za-z0-9_\-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)')\)\]/.exec(rest);
      const index = /^\[(\d+|\*)\]/.exec(rest);
      const quoted = /^\['([^']*)'\]/.exec(rest);
      if (filter) {
        steps.push({ kind: 'filter', field: (filter[1] as string).slice(1).split('.'), value: filter[3] ?? filter[4] ?? '', negate: filter[2] === '!=' });
        i += filter[0].length;
      } else if (index) {
        steps.push({ kind: 'index', index: index[1] === '*' ? '*' : Number(index[1]) });
        i += index[0].length;
      } else if (quoted) {
        steps.push({ kind: 'field', name: quoted[1] as string });
        i += quoted[0].length;
      } else throw new JsonPathError(`unsupported expression in ${path} at ${i}`);
    } else throw new JsonPathError(`unexpected ${JSON.stringify(ch)} in ${path} at ${i}`);
  }
  return steps;
}

const child = (v: unknown, k: string): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined);

export function evalJsonPath(root: unknown, steps: Step[]): unknown[] {
  let cur: unknown[] = [root];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (s.kind === 'field') {
        const c = child(v, s.name);
        if (c !== undefined) next.push(c);
      } else if (s.kind === 'index') {
        if (!Array.isArray(v)) continue;
        if (s.index === '*') next.push(...v);
        else if (s.index < v.length) next.push(v[s.index]);
      } else {
        if (!Array.isArray(v)) continue;
        for (const item of v) {
          const got = s.field.reduce<unknown>((acc, k) => child(acc, k), item);
          if ((String(got) === s.value && got !== undefined) !== s.negate) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}
