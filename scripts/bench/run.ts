/**
 * `npm run bench -- <name>`: runs one benchmark from scripts/bench (or all with no name).
 * Each benchmark prints medians and ratios against a baseline measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'measure.ts')
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
