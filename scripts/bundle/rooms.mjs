// The rooms bundle: every module the CLI core imports lazily (src/<room>/index.js, the dashboard's
// views/dashboard-bundle.js with Ink, React and Yoga, …) in one CommonJS file, dist/rooms.cjs.
// Why one CommonJS file: bin/plat.js runs it through vm.Script with a V8 code cache, as it does the
// core, so a warm start neither parses nor compiles the dashboard's or a room's code (ES modules
// get no code cache on Node 20: compiling them was ≈ 130 ms of the dashboard's first frame, and
// module-by-module loading cost more before that). Each entry and everything it reaches is
// wrapped by esbuild in a lazy initialiser, so `plat net bgp` runs only the network room's module
// bodies; one file keeps one instance of every module (errors, clocks, caches) whichever room
// loads first. React runs its production build, as shipped code should.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOMS_FILE = 'rooms.cjs';
/** Per-command bundles (scripts/bundle/build.mjs), under dist/. */
export const COMMAND_BUNDLES = 'commands-bundles';
// Loaded only on the paths that need them, from node_modules as usual: the full Kubernetes client
// (exec credential plugins only) and cpu-features (native; ssh2 asks it which cipher to prefer).
// ssh2 itself is bundled (its load was ≈ 60 ms of `plat net bgp` without a code cache); its
// optional native crypto binding is required from node_modules by package path, as ssh2 would.
const external = /^(@kubernetes\/client-node|cpu-features)(\/|$)/;
const YOGA_LOADER = `${sep}yoga-wasm-base64-esm.js`;
const YOGA_INDEX = `${sep}yoga-layout${sep}dist${sep}src${sep}index.js`;
const INK_RECONCILER = `${sep}ink${sep}build${sep}reconciler.js`;
const INK_RENDERER = `${sep}ink${sep}build${sep}renderer.js`;
const SSH2_LIB = `${sep}ssh2${sep}lib${sep}`;
// Ink's frame buffer, replaced by one that keeps unchanged rows between frames (see the file).
const INK_OUTPUT = join(dirname(fileURLToPath(import.meta.url)), 'ink-output.mjs');

/** Builds dist/rooms.cjs (or `file`) exporting `rooms[<entry>]() → Promise<module>` for each entry (paths relative to dist/). */
export async function buildRoomsBundle({ dist, entries, file = ROOMS_FILE }) {
  const outfile = join(dist, file);
  rmSync(join(dist, 'rooms'), { recursive: true, force: true }); // the ES-module build of earlier versions
  const table = entries.map((e) => `  ${JSON.stringify(e)}: () => import(${JSON.stringify(`./${e}`)}),`).join('\n');
  await build({
    stdin: { contents: `export const rooms = {\n${table}\n};\n`, resolveDir: dist, sourcefile: 'rooms-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: {
      js: "var __platDist=__dirname;function __platModuleUrl(r){return require('node:url').pathToFileURL(require('node:path').join(__platDist,r)).href}function __platNoResolve(s){throw new Error('import.meta.resolve('+s+') runs from TypeScript sources only')}",
    },
    plugins: [
      {
        name: 'plat-rooms',
        setup(b) {
          // An external package imported statically by a lazily loaded room is required where it
          // is used, so it loads with that room (ssh2 only when the router is first asked).
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!external.test(args.path)) return undefined;
            if (args.kind === 'dynamic-import' || args.namespace === 'plat-required') return { path: args.path, external: true };
            return { path: args.path, namespace: 'plat-required' };
          });
          b.onResolve({ filter: /\.node$/ }, (args) => {
            const abs = join(args.resolveDir, args.path);
            const at = abs.lastIndexOf(`${sep}node_modules${sep}`);
            if (at < 0) throw new Error(`bundle: native addon ${abs} is not in node_modules`);
            return { path: abs.slice(at + 14).split(sep).join('/'), external: true };
          });
          b.onLoad({ filter: /.*/, namespace: 'plat-required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
          b.onResolve({ filter: /^\.\/output\.js$/ }, (args) => (args.importer.endsWith(INK_RENDERER) ? { path: INK_OUTPUT, pluginData: { inkDir: args.resolveDir } } : undefined));
          b.onLoad({ filter: /\.(js|mjs|cjs)$/ }, (args) => {
            // Its imports are Ink's own dependencies, resolved from Ink's directory.
            if (args.path === INK_OUTPUT) return { contents: readFileSync(INK_OUTPUT, 'utf8'), loader: 'js', resolveDir: args.pluginData.inkDir };
            const original = readFileSync(args.path, 'utf8');
            let text = patchEagerRequires(args.path, patchTopLevelAwait(args.path, original));
            // import.meta.url keeps meaning "this module's own file" (assets and workers beside it).
            if (text.includes('import.meta.url')) text = text.replaceAll('import.meta.url', `__platModuleUrl(${JSON.stringify(relative(dist, args.path).split(sep).join('/'))})`);
            // Only the TypeScript-source paths (tests through tsx) resolve packages this way.
            text = text.replaceAll('import.meta.resolve(', '__platNoResolve(');
            if (text === original) return undefined;
            return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  // Code run by vm.Script from a V8 code cache cannot import() by itself (the host callback is
  // lost), so the external packages it imports dynamically go through bin/plat.js's __platImport.
  const code = readFileSync(outfile, 'utf8').replace(/(?<![\w$.])import\("([^"]+)"\)/g, (_m, spec) => `globalThis.__platImport(${JSON.stringify(spec)})`);
  writeFileSync(outfile, asciiOnly(code));
  return outfile;
}

/**
 * The bundle as pure ASCII, so bin/plat.js can read it as latin1: decoding 3 MB of UTF-8 into a
 * two-byte string took ≈ 20 ms of every start, latin1 ≈ 5. esbuild escapes non-ASCII text except
 * in regular expression literals (a few `µs` and `↔`); a \uXXXX escape means the same character
 * in a regex, a string, a template or an identifier.
 */
export function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A change to a package's text at bundle time: `from` must occur exactly once, so an upgrade that
 * changes the text fails the build loudly instead of shipping the package unpatched. `where` names
 * the patch to update.
 */
export function replaceOnce(path, text, from, to, where) {
  if (text.split(from).length !== 2) throw new Error(`bundle: ${path} changed (expected one ${JSON.stringify(from.slice(0, 60))}); update ${where}`);
  return text.replace(from, to);
}

/**
 * ssh2 loads three Node modules at start that plat's use of it (one client, public-key auth, exec
 * and SFTP to an address) never calls, about 3.5 ms of every `plat net bgp`: child_process (and
 * dgram with it) for the Pageant and Cygwin agents, assert for SFTP's fs-compatible argument
 * checks, dns for host names. Here each is required where it is called instead. As with the
 * patches below, each checks the text it replaces.
 */
function patchEagerRequires(path, text) {
  const swap = (from, to) => (text = replaceOnce(path, text, from, to, 'patchEagerRequires in scripts/bundle/rooms.mjs'));
  if (!path.includes(SSH2_LIB)) return text;
  if (path.endsWith(`${SSH2_LIB}agent.js`)) {
    swap("const { execFile, spawn } = require('child_process');", "const execFile = (...a) => require('child_process').execFile(...a);\nconst spawn = (...a) => require('child_process').spawn(...a);");
  } else if (path.endsWith(`${SSH2_LIB}protocol${sep}node-fs-compat.js`)) {
    swap("const assert = require('assert');", "const assert = (...a) => require('assert')(...a);");
  } else if (path.endsWith(`${SSH2_LIB}client.js`)) {
    swap("const { lookup: dnsLookup } = require('dns');", "const dnsLookup = (...a) => require('dns').lookup(...a);");
  }
  return text;
}

/**
 * CommonJS has no top-level await; two packages use it, both only to wait for something that can
 * be had synchronously:
 * - yoga-layout awaits its Emscripten factory, which compiles the inline wasm asynchronously. The
 *   factory takes an `instantiateWasm` hook; here it compiles the same inline bytes synchronously
 *   (Node allows that on the main thread), so the module object is ready when the factory returns
 *   (its fetch() branch, which would load undici, is never reached either).
 * - Ink awaits React devtools and its package.json only when DEV=true; the bundle has no devtools.
 * Each patch checks the text it replaces, so an upgrade that changes it fails the build loudly.
 */
function patchTopLevelAwait(path, text) {
  const swap = (from, to) => (text = replaceOnce(path, text, from, to, 'patchTopLevelAwait in scripts/bundle/rooms.mjs'));
  if (path.endsWith(YOGA_LOADER)) {
    swap('if(h.instantiateWasm)try{', 'if(h.instantiateSync){var i=new WebAssembly.Instance(new WebAssembly.Module(wa()),d);a(i);return i.exports}if(h.instantiateWasm)try{');
  } else if (path.endsWith(YOGA_INDEX)) {
    swap('const Yoga = wrapAssembly(await loadYoga());', 'const yogaModule = { instantiateSync: true };\nloadYoga(yogaModule);\nif (!yogaModule.calledRun) throw new Error("yoga-layout did not start synchronously");\nconst Yoga = wrapAssembly(yogaModule);');
  } else if (path.endsWith(INK_RECONCILER)) {
    swap("await import('./devtools.js');", "throw Object.assign(new Error('React devtools are not part of the built plat'), { code: 'ERR_MODULE_NOT_FOUND' });");
    swap('? await loadPackageJson()', '? { name: undefined, version: undefined }');
  }
  return text;
}
