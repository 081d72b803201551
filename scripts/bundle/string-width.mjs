// A light stand-in for the `string-width` package inside the start-up bundle only. yargs' help
// layout (cliui) needs terminal widths; the real package builds a large emoji regex at import
// time (~50 ms of every start, help or not). Plat's help text is ASCII plus a few symbols, so
// ANSI stripping plus East Asian wide ranges is exact for what we print.
const ANSI = /[\u001b\u009b][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

function isWide(cp) {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export default function stringWidth(text) {
  if (typeof text !== 'string' || text.length === 0) return 0;
  let width = 0;
  for (const ch of text.replace(ANSI, '')) {
    const cp = ch.codePointAt(0);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfe0f) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}
