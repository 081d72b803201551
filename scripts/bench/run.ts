/**
 * `npm run bench -- <name>`: runs one benchmark from scripts/bench (or all with no name).
 * Each benchmark prints medians and ratios against a baseline measured in the same run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
// A benchmark is a module with a run(); the rest (measure, proc, pty, lab-process) are its tools.
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && /^export async function run\(/m.test(readFileSync(join(here, f), 'utf8')))
  .map((f) => f.replace(/\.ts$/, ''));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : available;
for (const n of names) {
  if (!available.includes(n)) {
    console.error(`unknown benchmark "${n}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const n of names) {
  console.log(`\n== ${n} ==`);
  const mod = (await import(join(here, `${n}.ts`))) as { run: () => Promise<void> };
  await mod.run();
}
