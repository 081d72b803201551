// The dashboard bundle: views/dashboard-bundle.js with Ink, React, Yoga and the fleet rooms as a
// few ES modules in dist/dashboard/. Loading them as ~300 separate ES modules (resolve, read, lex
// the CommonJS ones for named exports, link) took over half a second before the first frame.
// Code splitting keeps what the rooms import lazily (the network, etcd and backup panels, with zod
// and luxon) in chunks of their own that load after the first frame. ES module output, not
// CommonJS: Yoga and Ink use top-level await. React runs its production build, as shipped code should.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export const DASHBOARD_ENTRY = 'views/dashboard-bundle.js';
/** The entry the CLI core imports, relative to dist/. */
export const DASHBOARD_FILE = 'dashboard/dashboard-bundle.js';
// Loaded only on the paths that need them, from node_modules as usual: the full Kubernetes client
// (exec credential plugins only), ssh2 (native optional parts) and React's devtools (Ink, DEV=true).
const external = /^(@kubernetes\/client-node|ssh2|cpu-features|react-devtools-core)(\/|$)/;
const YOGA_LOADER = `${sep}yoga-wasm-base64-esm.js`;

export async function buildDashboardBundle({ dist }) {
  const outdir = join(dist, 'dashboard');
  rmSync(outdir, { recursive: true, force: true });
  // A path from the output directory, as a relative module specifier or URL.
  const fromOut = (abs) => relative(outdir, abs).split(sep).join('/').replace(/^(?!\.)/, './');
  await build({
    entryPoints: [join(dist, DASHBOARD_ENTRY)],
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outdir,
    chunkNames: '[name]-[hash]',
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: {
      // CommonJS packages inside an ES module still call require() for Node's built-ins.
      js: "import { createRequire as __platCreateRequire } from 'node:module'; const require = __platCreateRequire(import.meta.url);",
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
            if (args.kind === 'dynamic-import') return { path: args.path, external: true };
            return { path: args.path, namespace: 'plat-required' };
          });
          b.onLoad({ filter: /.*/, namespace: 'plat-required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
          // Ink's devtools (DEV=true only) stay a separate module, so their static import of
          // react-devtools-core is not hoisted into the bundle.
          b.onResolve({ filter: /devtools\.js$/ }, (args) => (args.importer.includes(`${sep}ink${sep}`) ? { path: fromOut(join(args.resolveDir, args.path)), external: true } : undefined));
          b.onLoad({ filter: /\.(js|mjs|cjs)$/ }, (args) => {
            let text = readFileSync(args.path, 'utf8');
            const yoga = args.path.endsWith(YOGA_LOADER);
            if (yoga) text = yogaWithoutFetch(text);
            // import.meta.url keeps meaning "this module's own file" (assets located beside it).
            if (text.includes('import.meta.url')) text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOut(args.path))}, import.meta.url).href`);
            else if (!yoga) return undefined;
            return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  return DASHBOARD_FILE;
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
