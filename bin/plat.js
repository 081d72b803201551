#!/bin/sh
":" //; unset PLAT_DEFERRED_EXTRA_CA_CERTS; case " ${NODE_OPTIONS-} ${NODE_USE_SYSTEM_CA:+system-ca}" in *--use-openssl-ca*|*--use-system-ca*|*system-ca) ;; *) if [ -n "${NODE_EXTRA_CA_CERTS-}" ]; then
":" //;   PLAT_DEFERRED_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export PLAT_DEFERRED_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; fi ;; esac
":" //; exec node "$0" "$@"
// The `plat` executable. Sets the colour environment before anything that could load chalk/Ink,
// then runs the CLI core. Keep this file tiny: it runs on every invocation. CommonJS (bin/package.json)
// because an ES-module entry costs Node ≈ 12 ms more to start, on every command.
//
// The lines above are for sh (so plat runs where sh does: Linux, macOS, BSDs), and a string and a
// comment each for Node. Node 20 with OpenSSL 3 reads and parses NODE_EXTRA_CA_CERTS as it starts,
// before any of plat's code (nodejs/node#40524): with a system bundle of 140 certificates, 85 ms
// on every command, even those that make no TLS connection. sh hands the variable over under
// another name and Node starts without it; it is put back first thing below, so every child plat
// starts sees it as it was, and plat's own TLS uses it where Node would have (a kubeconfig cluster
// without a CA: src/kube/default-trust.ts). Not when Node is told to take its roots from OpenSSL
// or the system instead of its own bundle: that trust only Node itself can build.
'use strict';
const deferredCaCerts = process.env.PLAT_DEFERRED_EXTRA_CA_CERTS;
if (deferredCaCerts !== undefined) {
  // Only sh sets it, and only after taking NODE_EXTRA_CA_CERTS away; run as `node bin/plat.js`,
  // a stray value never overrides the file Node has read.
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) process.env.NODE_EXTRA_CA_CERTS = deferredCaCerts;
  delete process.env.PLAT_DEFERRED_EXTRA_CA_CERTS;
}
const { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const argv = process.argv.slice(2);
const dist = join(__dirname, '..', 'dist');
/** Code caches not yet written (see loadScript). */
const pendingSaves = [];

if (argv.length === 1 && argv[0] === '--version') {
  // Fast path: `plat --version` must not pay for loading the command tree.
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else if (!existsSync(join(dist, 'src', 'cli', 'main.js'))) {
  process.stderr.write('plat: the build is missing (dist/). Run: npm install   (or npm run build)\n');
  process.exitCode = 1;
} else {
  run().then((code) => (process.exitCode = code));
}

async function run() {
  if (!existsSync(join(dist, 'plat.cjs'))) {
    // Unbundled build (tsc only): the ES modules in dist/ as they are.
    const { applyColourEnv } = await import(pathToFileURL(join(dist, 'src', 'cli', 'colour.js')).href);
    applyColourEnv(argv, process.env, !!process.stdout.isTTY);
    return (await import(pathToFileURL(join(dist, 'src', 'cli', 'main.js')).href)).main(argv);
  }
  // The bundles' dynamic imports of rooms, Ink and the Kubernetes client resolve from here; set
  // before the core runs, which captures them.
  globalThis.__platImport = (specifier) => import(specifier);
  // One-shot commands have a bundle of only their own rooms (scripts/bundle/build.mjs); the
  // dashboard, and a command line not starting with a command word, load them all.
  const command = /^[a-z][a-z-]*$/.test(argv[0] ?? '') ? argv[0] : 'dashboard';
  const own = join('commands-bundles', `${command}.cjs`);
  const bundle = command !== 'dashboard' && existsSync(join(dist, own)) ? own : 'rooms.cjs';
  // A code cache holds the functions of the run that wrote it, so each kind of run keeps its own:
  // the command and its subcommand (`net-bgp`, not one `net` shared with `net bonds`; a node name
  // such as apps-01 is no subcommand), --help and shell completion apart, and `plat` alone apart
  // from a line starting with an option (else `plat -h` or a TAB would write the dashboard's cache
  // without the dashboard's code, for every later start).
  const sub = /^[a-z]+(-[a-z]+)*$/.test(argv[1] ?? '') ? `-${argv[1]}` : '';
  const runTag =
    argv.includes('-h') || argv.includes('--help') ? 'help'
    : argv.includes('--get-yargs-completions') ? 'completion'
    : command !== 'dashboard' ? `${command}${sub}`
    : argv.length === 0 ? 'dashboard'
    : 'options';
  let rooms;
  globalThis.__platRoom = async (entry) => {
    rooms ??= loadScript(bundle, `.${runTag}.${entry.replace(/[^a-z0-9]+/gi, '-')}`).exports.rooms;
    if (!rooms[entry]) throw new Error(`plat: ${entry} is not in dist/${bundle}; the build is out of date (npm run build)`);
    return rooms[entry]();
  };
  // A code cache records V8's flags and is refused under others: code that changes a V8 flag at
  // run time (setV8FlagAtRunTime in src/conventions) has the caches written first.
  globalThis.__platSaveCodeCaches = () => pendingSaves.splice(0).forEach((save) => save());
  // The dashboard's core cache holds Ink's start, `config validate`'s the parser.
  const core = loadScript('plat.cjs', `.${runTag}`);
  // Caches of work that depends only on the build (src/config/validated-cache.ts) are keyed by it.
  globalThis.__platBuild = core.build;
  // Loading the core loads no chalk; colour is decided before any command runs.
  core.exports.applyColourEnv(argv, process.env, !!process.stdout.isTTY);
  return core.exports.main(argv);
}

/**
 * dist/plat.cjs (the CLI core), dist/rooms.cjs (everything else) and dist/commands-bundles/*.cjs
 * (one command's rooms; scripts/bundle/) are each one CommonJS file. Running them through
 * vm.Script with a V8 code cache (written on first use when writable) skips parsing and compiling
 * on every later start.
 */
function loadScript(name, tag) {
  const file = join(dist, name);
  // V8 checks a code cache only against the source's length, so the cache is named after the
  // bundle it belongs to (size and mtime: a rebuild never reuses an old one), and written to a
  // temporary name then renamed (a process starting meanwhile never reads half a file). Stat
  // before reading: a rebuild in between then leaves a cache under the old name, never old code
  // under the new one.
  const { size, mtimeMs } = statSync(file);
  const build = `${size}-${Math.trunc(mtimeMs)}`;
  // Pure ASCII (scripts/bundle/ escapes the rest), so latin1: no UTF-8 decoding of megabytes.
  const source = readFileSync(file, 'latin1');
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
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dist);
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
    pendingSaves.push(save);
  }
  return { exports: mod.exports, build };
}
