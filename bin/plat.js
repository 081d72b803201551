#!/usr/bin/env node
// The `plat` executable. Sets the colour environment before anything that could load chalk/Ink,
// then hands over to the built CLI. Keep this file tiny: it runs on every invocation.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);

if (argv.length === 1 && argv[0] === '--version') {
  // Fast path: `plat --version` must not pay for loading the command tree.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  let mod;
  try {
    mod = await import('../dist/src/cli/colour.js');
  } catch {
    process.stderr.write('plat: the build is missing (dist/). Run: npm install   (or npm run build)\n');
    process.exit(1);
  }
  mod.applyColourEnv(argv, process.env, !!process.stdout.isTTY);
  const { main } = await import('../dist/src/cli/main.js');
  process.exitCode = await main(argv);
}
