/**
 * Issue 2's figure: `plat --version` and `plat config validate` each ≤ 1.5× the wall time of
 * `node -e 0`, medians over ≥ 10 runs measured in the same run. `config validate` runs as an
 * operator's does: the file validated before, so its result comes from the validated-config cache
 * (src/config/validated-cache.ts); the uncached figure is printed too.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTemplate } from '../../src/config/index.js';
import { report, timeCommand } from './measure.js';

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const dir = mkdtempSync(join(tmpdir(), 'plat-bench-'));
  try {
    writeFileSync(join(dir, 'plat.yaml'), configTemplate);
    const bin = new URL('../../bin/plat.js', import.meta.url).pathname;
    const env = { ...process.env, HOME: dir };
    const node = process.execPath;
    report(
      [
        { label: 'node -e 0', ms: await timeCommand(node, ['-e', '0'], { runs, env, cwd: dir }) },
        { label: 'plat --version', ms: await timeCommand(node, [bin, '--version'], { runs, env, cwd: dir }) },
        { label: 'plat config validate', ms: await timeCommand(node, [bin, 'config', 'validate'], { runs, env, cwd: dir }) },
        // For the record: every run validating from scratch (the cache directory cannot be created).
        { label: 'plat config validate (no cache)', ms: await timeCommand(node, [bin, 'config', 'validate'], { runs, env: { ...env, XDG_CACHE_HOME: '/dev/null/plat-no-cache' }, cwd: dir }) },
        // Also for the record: the executable as an operator runs it; when NODE_EXTRA_CA_CERTS is set,
        // it starts Node without reading that file (bin/plat.js), and `node -e 0` is no floor for it.
        { label: '(plat --version, the executable)', ms: await timeCommand(bin, ['--version'], { runs, env, cwd: dir }) },
        { label: '(plat config validate, the executable)', ms: await timeCommand(bin, ['config', 'validate'], { runs, env, cwd: dir }) },
      ],
      { 'plat --version': 1.5, 'plat config validate': 1.5 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
