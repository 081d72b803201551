// Start-up bundle for the CLI core (issue 2's figure: `plat config validate` ≤ 1.5× `node -e 0`).
// tsc builds every room to dist/ as ES modules; this bundles only the core (cli, config, errors,
// command definitions, plus yargs/yaml/zod/cron-parser) into one CommonJS file that bin/plat.js
// runs through vm.Script with a V8 code cache, so a warm start skips parsing and compiling.
// Every other room is bundled into dist/rooms.cjs (scripts/bundle/rooms.mjs) and loaded the first
// time a command needs it. Rules enforced here: the core imports other rooms and heavy packages only dynamically.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { asciiOnly, buildRoomsBundle } from './rooms.mjs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(root, 'dist');
const inCore = (file) => {
  const rel = relative(dist, file).split(sep).join('/');
  return /^(src\/(cli|config|errors|conventions|time)\/|commands\/)/.test(rel);
};
const bundledPackages = /^(yargs|yargs-parser|yaml|zod|cron-parser|luxon|y18n|cliui|escalade|get-caller-file|string-width|strip-ansi|ansi-regex|wrap-ansi|emoji-regex|get-east-asian-width|ansi-styles)(\/|$)/;
const PLACEHOLDER = '__PLAT_DIST__/';
const EXT_PLACEHOLDER = '__PLAT_EXT__:';
const problems = [];

const corePlugin = {
  name: 'plat-core',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path === 'string-width') return { path: join(here, 'string-width.mjs') };
      const dynamic = args.kind === 'dynamic-import';
      if (args.path.startsWith('node:')) return { path: dynamic ? EXT_PLACEHOLDER + args.path : args.path, external: true };
      if (args.path.startsWith('.')) {
        const abs = join(args.resolveDir, args.path);
        if (!abs.startsWith(dist) || inCore(abs)) return undefined;
        if (!dynamic) problems.push(`${relative(root, args.importer)} imports ${args.path} statically; outside the core it must be import()ed`);
        return { path: PLACEHOLDER + relative(dist, abs).split(sep).join('/'), external: true };
      }
      if (bundledPackages.test(args.path)) return undefined;
      if (!dynamic && !args.importer.includes('node_modules')) problems.push(`${relative(root, args.importer)} imports package ${args.path} statically; load it with import()`);
      return { path: dynamic ? EXT_PLACEHOLDER + args.path : args.path, external: true };
    });
    // import.meta.url keeps meaning "where this module's own file is" inside the bundle.
    b.onLoad({ filter: /\.(js|mjs|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(dist, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `__platModuleUrl(${JSON.stringify(rel)})`), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const out = join(dist, 'plat.cjs');
await build({
  entryPoints: [join(dist, 'src', 'cli', 'main.js')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: out,
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [corePlugin],
  banner: {
    js: "var __platDist=__dirname;var __platImport=globalThis.__platImport||(s=>import(s));function __platModuleUrl(r){return require('node:url').pathToFileURL(require('node:path').join(__platDist,r)).href}",
  },
});
if (problems.length) {
  rmSync(out, { force: true });
  console.error(`bundle: the CLI core must stay light:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
// What the core imports lazily comes from the rooms bundle (scripts/bundle/rooms.mjs).
const roomEntries = [...new Set([...readFileSync(out, 'utf8').matchAll(/import\("__PLAT_DIST__\/([^"]+)"\)/g)].map((m) => m[1]))].sort();
await buildRoomsBundle({ dist, entries: roomEntries });
// A room: `import("__PLAT_DIST__/src/x.js")` becomes that entry of dist/rooms.cjs, loaded by bin/plat.js.
const code = readFileSync(out, 'utf8');
// Dynamic imports go through __platImport/__platRoom, defined by bin/plat.js: code run by vm.Script
// cannot import() by itself once it comes from a V8 code cache (the host callback is lost).
const fixed = code
  .replace(/import\("__PLAT_DIST__\/([^"]+)"\)/g, (_m, rel) => `globalThis.__platRoom(${JSON.stringify(rel)})`)
  .replace(/import\("__PLAT_EXT__:([^"]+)"\)/g, (_m, spec) => `__platImport(${JSON.stringify(spec)})`);
if (fixed.includes(PLACEHOLDER) || fixed.includes(EXT_PLACEHOLDER)) {
  console.error('bundle: an external room import was not rewritten (esbuild output changed?)');
  process.exit(1);
}
writeFileSync(out, asciiOnly(fixed)); // read as latin1 by bin/plat.js
// Code caches of earlier builds (bin/plat.js names them after the bundle's size and mtime).
for (const f of readdirSync(dist)) if (/^(plat|rooms)\.cjs\..*cache$/.test(f)) rmSync(join(dist, f), { force: true });
