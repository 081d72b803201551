// Start-up bundle for the CLI core (issue 2's figure: `plat config validate` ≤ 1.5× `node -e 0`).
// tsc builds every room to dist/ as ES modules; this bundles only the core (cli, config, errors,
// command definitions, plus yargs/yaml/zod/cron-parser) into one CommonJS file that bin/plat.js
// runs through vm.Script with a V8 code cache, so a warm start skips parsing and compiling.
// Every other room is bundled into dist/rooms.cjs (scripts/bundle/rooms.mjs), and each one-shot
// command's rooms again into dist/commands-bundles/<command>.cjs; bin/plat.js loads one of them the
// first time a command needs a room. Rules enforced here: the core imports other rooms and heavy
// packages only dynamically; every room the core imports is claimed by a command file.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { asciiOnly, buildRoomsBundle, COMMAND_BUNDLES, replaceOnce } from './rooms.mjs';
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
    // yargs renders the whole help text of every command it runs, before the handler's first
    // await (about 7 ms of each start), only to have it at hand if the run fails later. plat's
    // .fail() throws and nothing calls showHelp(), so that text is never printed: not rendered here.
    // --help renders its own text and is unaffected. Checked against the text it replaces.
    b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, (args) => {
      const call = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';
      const contents = replaceOnce(args.path, readFileSync(args.path, 'utf8'), call, '/* help text not cached: plat never prints it after a failure (scripts/bundle/build.mjs) */', 'the yargs patch in scripts/bundle/build.mjs');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
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
// Kept in memory until rewritten below, so dist/plat.cjs is never the half-done esbuild output.
const { outputFiles } = await build({
  entryPoints: [join(dist, 'src', 'cli', 'main.js')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: out,
  write: false,
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
  console.error(`bundle: the CLI core must stay light:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
// What the core imports lazily comes from the rooms bundle (scripts/bundle/rooms.mjs).
const code = outputFiles[0].text;
const roomEntries = [...new Set([...code.matchAll(/import\("__PLAT_DIST__\/([^"]+)"\)/g)].map((m) => m[1]))].sort();
await buildRoomsBundle({ dist, entries: roomEntries });
await buildCommandBundles();
// A room: `import("__PLAT_DIST__/src/x.js")` becomes that entry of the bundle bin/plat.js loaded.
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

/**
 * One more bundle per one-shot command, dist/commands-bundles/<command>.cjs: the same build as
 * rooms.cjs, from only the rooms that command's file (and the command files it imports) loads.
 * bin/plat.js loads it instead of rooms.cjs when the first word is that command, so `plat net bgp`
 * reads 1 MB of code instead of 3.5 and its code cache holds a third of the functions (about
 * 25 ms of its start). A command's rooms are all loaded from the one bundle (one instance of each
 * module). Commands that open the dashboard's views keep rooms.cjs.
 */
async function buildCommandBundles() {
  const commandsDir = join(dist, 'commands');
  const bundlesDir = join(dist, COMMAND_BUNDLES);
  rmSync(bundlesDir, { recursive: true, force: true });
  mkdirSync(bundlesDir, { recursive: true });
  const roomsOf = (file, seen = new Set()) => {
    if (seen.has(file)) return [];
    seen.add(file);
    const text = readFileSync(join(commandsDir, file), 'utf8');
    const own = [...text.matchAll(/import\((['"])\.\.\/((?:src|views)\/[^'"]+)\1\)/g)].map((m) => m[2]).filter((rel) => !inCore(join(dist, rel)));
    const local = [...text.matchAll(/(?:from |import\()(['"])\.\/([\w-]+\.js)\1/g)].map((m) => m[2]);
    return [...own, ...local.flatMap((f) => roomsOf(f, seen))];
  };
  const files = readdirSync(commandsDir).filter((f) => f.endsWith('.js') && f !== 'index.js');
  // A room the core imports from anywhere but a command file (src/cli, src/config…) could be asked
  // for by any command, and no command bundle would hold it: refuse rather than fail at run time.
  const claimed = new Set(files.flatMap((f) => roomsOf(f)));
  const unclaimed = roomEntries.filter((e) => !claimed.has(e));
  if (unclaimed.length) throw new Error(`bundle: the core imports ${unclaimed.join(', ')} outside commands/; load it from a command, or teach buildCommandBundles where`);
  // One build per set of rooms (`status` and `nodes` load the same ones): the others are copies.
  const bySet = new Map();
  for (const file of files) {
    // Only a file that defines the command of its name (commands/net.js defines `net <view>`).
    const name = file.replace(/\.js$/, '');
    if (!new RegExp(`command: '${name}[ ']`).test(readFileSync(join(commandsDir, file), 'utf8'))) continue;
    const entries = [...new Set(roomsOf(file))].sort();
    if (entries.length === 0 || entries.some((e) => e.startsWith('views/'))) continue;
    const key = entries.join(' ');
    bySet.set(key, [...(bySet.get(key) ?? []), name]);
  }
  await Promise.all(
    [...bySet].map(async ([key, [first, ...rest]]) => {
      const built = await buildRoomsBundle({ dist, entries: key.split(' '), file: `${COMMAND_BUNDLES}/${first}.cjs` });
      for (const name of rest) copyFileSync(built, join(bundlesDir, `${name}.cjs`));
    }),
  );
}
