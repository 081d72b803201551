/** Run the built `plat` executable as a user would (the build is made by `npm test` before vitest). */
import { execa } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname;
export const platBin = join(repoRoot, 'bin', 'plat.js');

export interface PlatRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runPlat(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<PlatRun> {
  if (!existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const r = await execa(process.execPath, [platBin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { HOME: opts.cwd ?? tmpdir(), PATH: process.env.PATH, ...opts.env },
    extendEnv: false,
    reject: false,
    input: opts.input ?? '',
    timeout: opts.timeoutMs ?? 60_000,
    stripFinalNewline: false,
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A fresh temp dir removed after the test (call the returned cleanup in afterEach). */
export function tempDir(prefix = 'plat-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
