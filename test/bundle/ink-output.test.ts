/**
 * The built dashboard draws frames with scripts/bundle/ink-output.mjs instead of Ink's own
 * ink/build/output.js (rows memoised across frames). It must produce the same text for the same
 * writes: checked here on generated frames — styled and wide characters, multi-line writes,
 * writes off the grid, nested clips, transformers — each drawn twice (the second time from the memo).
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { seeded } from '../support/seeded.js';

type Clip = { x1?: number; x2?: number; y1?: number; y2?: number };
type Op = { type: 'write'; x: number; y: number; text: string; transformers: ((s: string, i: number) => string)[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };
interface OutputLike {
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (o: { width: number; height: number }) => OutputLike;

const inkDir = dirname(createRequire(import.meta.url).resolve('ink'));
const load = async (path: string): Promise<OutputClass> => ((await import(path)) as { default: OutputClass }).default;

const STYLES = [['\u001b[31m', '\u001b[39m'], ['\u001b[1m', '\u001b[22m'], ['\u001b[7m', '\u001b[27m'], ['\u001b[38;5;208m', '\u001b[39m'], ['\u001b[44m', '\u001b[49m']] as const;
const WORDS = ['infra', 'apps-02', '✓ Ready', '✗ Failed', '…', '—', '漢字', 'ok', ' ', 'enp1s0f1', '🙂', 'x'];

function frame(seed: number): { width: number; height: number; ops: Op[] } {
  const r = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]) => xs[int(0, xs.length - 1)]!;
  const width = int(8, 60);
  const height = int(2, 14);
  const text = () => {
    const lines = Array.from({ length: int(1, 3) }, () => {
      let s = '';
      for (let i = int(1, 6); i > 0; i--) {
        const w = pick(WORDS);
        const st = r() < 0.4 ? pick(STYLES) : undefined;
        s += st ? st[0] + w + st[1] : w;
      }
      return s;
    });
    return lines.join('\n');
  };
  const ops: Op[] = [];
  let depth = 0;
  for (let i = int(1, 25); i > 0; i--) {
    const roll = r();
    if (roll < 0.12) {
      const clip: Clip = r() < 0.7 ? { x1: int(0, width), x2: int(0, width) } : {};
      if (r() < 0.7) Object.assign(clip, { y1: int(0, height), y2: int(0, height) });
      ops.push({ type: 'clip', clip });
      depth++;
    } else if (roll < 0.2 && depth > 0) {
      ops.push({ type: 'unclip' });
      depth--;
    } else {
      const transformers: ((s: string, i: number) => string)[] = [];
      if (r() < 0.3) transformers.push((s) => `\u001b[32m${s}\u001b[39m`);
      if (r() < 0.2) transformers.push((s, idx) => (idx % 2 ? s.toUpperCase() : s));
      ops.push({ type: 'write', x: int(-3, width + 2), y: int(-2, height + 1), text: r() < 0.05 ? '' : text(), transformers });
    }
  }
  return { width, height, ops };
}

function draw(Output: OutputClass, f: ReturnType<typeof frame>): { output: string; height: number } {
  const o = new Output({ width: f.width, height: f.height });
  for (const op of f.ops) {
    if (op.type === 'write') o.write(op.x, op.y, op.text, { transformers: op.transformers });
    else if (op.type === 'clip') o.clip(op.clip);
    else o.unclip();
  }
  return o.get();
}

describe("the bundle's frame buffer", () => {
  it("draws every generated frame exactly as Ink's own, also when rows come from the memo", async () => {
    const Ink = await load(join(inkDir, 'output.js'));
    const Ours = await load(new URL('../../scripts/bundle/ink-output.mjs', import.meta.url).href);
    for (let seed = 1; seed <= 300; seed++) {
      const f = frame(seed);
      const want = draw(Ink, f);
      expect(draw(Ours, f), `seed ${seed}`).toEqual(want);
      expect(draw(Ours, f), `seed ${seed}, second draw`).toEqual(want);
    }
  });

  it('redraws a row when only its text changed, and keeps the others', async () => {
    const Ours = await load(new URL('../../scripts/bundle/ink-output.mjs', import.meta.url).href);
    const rows = (selected: number) => {
      const o = new Ours({ width: 20, height: 4 });
      for (let y = 0; y < 4; y++) o.write(0, y, `${y === selected ? '›' : ' '} row ${y}`, { transformers: [] });
      return o.get().output.split('\n');
    };
    expect(rows(1)).toEqual(['  row 0', '› row 1', '  row 2', '  row 3']);
    expect(rows(2)).toEqual(['  row 0', '  row 1', '› row 2', '  row 3']);
  });
});
