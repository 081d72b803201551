#!/usr/bin/env node
// The `plat` executable. Sets the colour environment before anything that could load chalk/Ink,
// then runs the CLI core. Keep this file tiny: it runs on every invocation.
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const argv = process.argv.slice(2);
const dist = new URL('../dist/', import.meta.url);

if (argv.length === 1 && argv[0] === '--version') {
  // Fast path: `plat --version` must not pay for loading the command tree.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else if (!existsSync(new URL('src/cli/main.js', dist))) {
  process.stderr.write('plat: the build is missing (dist/). Run: npm install   (or npm run build)\n');
  process.exitCode = 1;
} else {
  const { applyColourEnv } = await import(new URL('src/cli/colour.js', dist).href);
  applyColourEnv(argv, process.env, !!process.stdout.isTTY);
  let main;
  if (existsSync(new URL('plat.cjs', dist))) {
    // The bundles' dynamic imports of rooms, Ink and the Kubernetes client resolve from here;
    // set before the core runs, which captures them.
    globalThis.__platImport = (specifier) => import(specifier);
    let rooms;
    // The first room a run asks for names the code cache, so the dashboard and `plat net bgp`
    // each start from a cache holding the code they run.
    globalThis.__platRoom = async (entry) => (rooms ??= loadScript('rooms.cjs', `.${entry.replace(/[^a-z0-9]+/gi, '-')}`).exports.rooms)[entry]();
    const core = loadScript('plat.cjs', '');
    // Caches of work that depends only on the build (src/config/validated-cache.ts) are keyed by it.
    globalThis.__platBuild = core.build;
    main = core.exports.main;
  } else {
    main = (await import(new URL('src/cli/main.js', dist).href)).main;
  }
  process.exitCode = await main(argv);
}

/**
 * dist/plat.cjs (the CLI core) and dist/rooms.cjs (everything else; scripts/bundle/) are each one
 * CommonJS file. Running them through vm.Script with a V8 code cache (written on first use when
 * writable) skips parsing and compiling on every later start.
 */
function loadScript(name, tag) {
  const file = new URL(name, dist).pathname;
  // Pure ASCII (scripts/bundle/ escapes the rest), so latin1: no UTF-8 decoding of megabytes.
  const source = readFileSync(file, 'latin1');
  // V8 checks a code cache only against the source's length, so the cache is named after the
  // bundle it belongs to (size and mtime: a rebuild never reuses an old one), and written to a
  // temporary name then renamed (a process starting meanwhile never reads half a file).
  const { size, mtimeMs } = statSync(file);
  const build = `${size}-${Math.trunc(mtimeMs)}`;
  const cacheFile = `${file}${tag}.${build}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, new URL('.', dist).pathname.replace(/\/$/, ''));
  if (cachedData === undefined || script.cachedDataRejected) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData(), { mode: 0o644 });
        renameSync(tmp, cacheFile);
      } catch {
        try {
          unlinkSync(tmp);
        } catch {}
      }
    };
    // A one-shot command writes the cache as it exits, holding every function it compiled. The
    // dashboard runs until quit, and a terminal closed under it never reaches 'exit': it writes
    // the cache once it has started (the first frame's code is compiled by then).
    process.once('exit', save);
    setTimeout(save, 3000).unref();
  }
  return { exports: mod.exports, build };
}
