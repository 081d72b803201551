// Ink's frame buffer (ink/build/output.js), as the built dashboard uses it: same interface, same
// result, but a row whose content did not change since an earlier frame is not rebuilt.
//
// Why: Ink turns every frame back into a grid of styled cells — every character of every line
// tokenised, measured and re-serialised — with caches that live for one frame. On a 120×40 screen
// that was ≈ 21 ms of the ≈ 25 ms a keypress cost (issues 4 and 8 ask ≤ 16 ms), though a key that
// moves the selection changes two rows. Here a row's text is memoised by exactly what was written
// into it (the screen width and each write's x and text, in order), and the tokenising and width
// caches live across frames; every cache is bounded (by entries, sized for memory).
//
// scripts/bundle/rooms.mjs swaps it in for Ink's own module when bundling; it imports Ink's own
// dependencies (resolved from Ink's directory there). test/bundle/ink-output.test.ts checks it
// against Ink's module on generated frames.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';

/** A Map that forgets everything when it grows past `limit` entries (a frame needs far fewer). */
function memo(compute, limit) {
  const map = new Map();
  return (key) => {
    let v = map.get(key);
    if (v === undefined) {
      if (map.size >= limit) map.clear();
      v = compute(key);
      map.set(key, v);
    }
    return v;
  };
}

// Limits sized for memory: a row's styled cells are ≈ 100 bytes per character, so 256 lines stay
// under ≈ 4 MB (a 40-row screen's worth, several times over); row texts and widths are small.
const widthOf = memo((text) => stringWidth(text), 4096);
const styledChars = memo((line) => styledCharsFromTokens(tokenize(line)), 256);
const widestLine = memo((text) => {
  let w = 0;
  for (const line of text.split('\n')) w = Math.max(w, widthOf(line));
  return w;
}, 1024);
const ROWS_LIMIT = 2048;
const rows = new Map();

// Cells are never modified once placed, so every blank cell can be the same object.
const BLANK = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });

export default class Output {
  width;
  height;
  operations = [];

  constructor({ width, height }) {
    this.width = width;
    this.height = height;
  }

  write(x, y, text, { transformers }) {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers });
  }

  clip(clip) {
    this.operations.push({ type: 'clip', clip });
  }

  unclip() {
    this.operations.push({ type: 'unclip' });
  }

  get() {
    // Pass 1: what each row receives, in order — [x, line, x, line, …] — after clipping and
    // transformers, exactly as Ink places it.
    const placed = new Array(this.height);
    const clips = [];
    for (const op of this.operations) {
      if (op.type === 'clip') clips.push(op.clip);
      if (op.type === 'unclip') clips.pop();
      if (op.type !== 'write') continue;
      let { x, y } = op;
      let lines = op.text.split('\n');
      const clip = clips.at(-1);
      if (clip) {
        const clipX = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
        const clipY = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
        if (clipX) {
          const width = widestLine(op.text);
          if (x + width < clip.x1 || x > clip.x2) continue;
        }
        if (clipY && (y + lines.length < clip.y1 || y > clip.y2)) continue;
        if (clipX) {
          lines = lines.map((line) => {
            const from = x < clip.x1 ? clip.x1 - x : 0;
            const width = widthOf(line);
            const to = x + width > clip.x2 ? clip.x2 - x : width;
            return sliceAnsi(line, from, to);
          });
          if (x < clip.x1) x = clip.x1;
        }
        if (clipY) {
          const from = y < clip.y1 ? clip.y1 - y : 0;
          const to = y + lines.length > clip.y2 ? clip.y2 - y : lines.length;
          lines = lines.slice(from, to);
          if (y < clip.y1) y = clip.y1;
        }
      }
      let offsetY = 0;
      for (let [index, line] of lines.entries()) {
        const row = y + offsetY;
        // As in Ink: a line that falls outside the rows is skipped without advancing.
        if (!isRow(row, this.height)) continue;
        for (const transformer of op.transformers) line = transformer(line, index);
        (placed[row] ??= []).push(x, line);
        offsetY++;
      }
    }
    // Pass 2: each row's text, from the memo when the same writes made it before.
    const out = new Array(this.height);
    for (let y = 0; y < this.height; y++) {
      const writes = placed[y];
      if (!writes) {
        out[y] = '';
        continue;
      }
      const key = `${this.width}\u0000${writes.join('\u0000')}`;
      let text = rows.get(key);
      if (text === undefined) {
        if (rows.size >= ROWS_LIMIT) rows.clear();
        text = renderRow(writes, this.width);
        rows.set(key, text);
      }
      out[y] = text;
    }
    return { output: out.join('\n'), height: this.height };
  }
}

const isRow = (row, height) => Number.isInteger(row) && row >= 0 && row < height;

/** One row as Ink builds it: a grid of cells, written in order, serialised and trimmed. */
function renderRow(writes, width) {
  const cells = new Array(width).fill(BLANK);
  for (let i = 0; i < writes.length; i += 2) {
    let at = writes[i];
    for (const ch of styledChars(writes[i + 1])) {
      cells[at] = ch;
      const w = Math.max(1, widthOf(ch.value));
      // A wide character covers the next cells (Ink blanks them with its styles).
      for (let k = 1; k < w; k++) cells[at + k] = { type: 'char', value: '', fullWidth: false, styles: ch.styles };
      at += w;
    }
  }
  return styledCharsToString(cells.filter((c) => c !== undefined)).trimEnd();
}
