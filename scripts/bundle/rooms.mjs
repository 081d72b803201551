// The rooms bundle: every module the CLI core imports lazily (src/<room>/index.js, the dashboard's
// views/dashboard-bundle.js with Ink, React and Yoga, …) built as entry points of one code-split ES
// module bundle in dist/rooms/. Loading a room used to mean resolving, reading and linking its
// module graph file by file (the dashboard's ~300 modules, CommonJS ones lexed for named exports:
// over half a second before the first frame); now it is one entry file and a few shared chunks.
// One build for all entries keeps one instance of every module (errors, clocks, caches) whichever
// room loads it first. ES module output, not CommonJS: Yoga and Ink use top-level await. React
// runs its production build, as shipped code should.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export const ROOMS_DIR = 'rooms';
// Loaded only on the paths that need them, from node_modules as usual: the full Kubernetes client
// (exec credential plugins only), ssh2 (native optional parts) and React's devtools (Ink, DEV=true).
const external = /^(@kubernetes\/client-node|ssh2|cpu-features|react-devtools-core)(\/|$)/;
const YOGA_LOADER = `${sep}yoga-wasm-base64-esm.js`;

/** Builds dist/rooms/<entry> for each entry (paths relative to dist/); returns those paths. */
export async function buildRoomsBundle({ dist, entries }) {
  const outdir = join(dist, ROOMS_DIR);
  rmSync(outdir, { recursive: true, force: true });
  // A dist file as a URL at run time: relative to dist/, found from the output file's own URL (an
  // entry or a chunk, at different depths below rooms/), so the built tree can move as a whole.
  const fromDist = (abs) => `new URL(${JSON.stringify(relative(dist, abs).split(sep).join('/'))}, __platDist).href`;
  await build({
    entryPoints: entries.map((e) => join(dist, e)),
    outbase: dist,
    entryNames: '[dir]/[name]',
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: {
      // CommonJS packages inside an ES module still call require() for Node's built-ins.
      js: [
        "import { createRequire as __platCreateRequire } from 'node:module';",
        'const require = __platCreateRequire(import.meta.url);',
        "const __platDist = (() => { let u = new URL('.', import.meta.url); while (!u.pathname.endsWith('/rooms/') && u.pathname !== '/') u = new URL('..', u); return new URL('..', u); })();",
      ].join(' '),
    },
    plugins: [
      {
        name: 'plat-dashboard',
        setup(b) {
          // An external package imported statically by a lazily loaded room would be hoisted to the
          // chunk's top level and load with the first frame; required where it is used, it loads
          // with that room (ssh2 only when the router is first asked).
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!external.test(args.path)) return undefined;
            if (args.kind === 'dynamic-import' || args.namespace === 'plat-required') return { path: args.path, external: true };
            return { path: args.path, namespace: 'plat-required' };
          });
          b.onLoad({ filter: /.*/, namespace: 'plat-required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
          // Ink's devtools (DEV=true only) stay a separate module, so their static import of
          // react-devtools-core is not hoisted into the bundle.
          b.onResolve({ filter: /devtools\.js$/ }, (args) => (args.importer.includes(`${sep}ink${sep}`) ? { path: `plat-devtools:${join(args.resolveDir, args.path)}`, external: true } : undefined));
          b.onLoad({ filter: /\.(js|mjs|cjs)$/ }, (args) => {
            let text = readFileSync(args.path, 'utf8');
            const yoga = args.path.endsWith(YOGA_LOADER);
            if (yoga) text = yogaWithoutFetch(text);
            // import.meta.url keeps meaning "this module's own file" (assets located beside it).
            if (text.includes('import.meta.url')) text = text.replaceAll('import.meta.url', fromDist(args.path));
            else if (!yoga) return undefined;
            return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  // Ink's devtools import: a dist-relative URL computed at run time, like import.meta.url above.
  for (const f of listJs(outdir)) {
    const code = readFileSync(f, 'utf8');
    if (!code.includes('plat-devtools:')) continue;
    writeFileSync(f, code.replace(/import\("plat-devtools:([^"]+)"\)/g, (_m, abs) => `import(${fromDist(abs)})`));
  }
  return entries.map((e) => `${ROOMS_DIR}/${e}`);
}

/**
 * Yoga's Emscripten loader fetch()es its own inline base64 wasm when `fetch` exists; on Node that
 * loads undici (~30 ms) before the first frame to decode a data: URL. Its synchronous fallback
 * decodes the same bytes in place.
 */
function yogaWithoutFetch(text) {
  const use = 'w||"function"!=typeof fetch?';
  if (!text.includes(use)) throw new Error("bundle: yoga-layout's wasm loader changed; update yogaWithoutFetch in scripts/bundle/dashboard.mjs");
  return text.replace(use, 'true?');
}

function listJs(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile() && d.name.endsWith('.js')).map((d) => join(d.parentPath ?? d.path, d.name));
}
