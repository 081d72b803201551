import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlat, tempDir } from '../support/plat.js';
import { configTemplate } from '../../src/config/index.js';

const ESC = '\u001b[';
let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  writeFileSync(join(dir, 'plat.yaml'), configTemplate);
  writeFileSync(join(dir, 'bad.yaml'), configTemplate.replace('10.25.11.14', '10.25.11.300'));
});
afterAll(() => cleanup());

describe('the plat executable', () => {
  it('--help lists commands and global flags, exit 0', async () => {
    const r = await runPlat(['--help'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const s of ['plat config <action>', 'plat completion', '--cluster', '--output', '--readonly', '--verbose', '--no-color'.slice(4)]) expect(r.stdout).toContain(s);
  });

  it('every command has --help', async () => {
    for (const cmd of [['config', '--help'], ['config', 'validate', '--help'], ['config', 'init', '--help'], ['config', 'show', '--help']]) {
      const r = await runPlat(cmd, { cwd: dir });
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Options:');
    }
  });

  it('--version prints the package version', async () => {
    const r = await runPlat(['--version'], { cwd: dir });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.code).toBe(0);
  });

  it('an unknown flag is a usage error: exit 2, one line and a hint, no stack', async () => {
    const r = await runPlat(['config', 'validate', '--frobnicate'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: Unknown argument: frobnicate\nhint: see plat --help (or plat <command> --help)\n');
    expect(r.stdout).toBe('');
  });

  it('an unknown command suggests the nearest', async () => {
    const r = await runPlat(['confg'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: unknown command "confg"\nhint: did you mean "plat config"? (see plat --help)\n');
  });

  it('config validate: ok → exit 0; invalid → exit 2 with file:line:col', async () => {
    const ok = await runPlat(['config', 'validate'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('plat.yaml: valid — 2 clusters (infra: 3 nodes, apps: 3 nodes), router 10.25.11.1 (frr), 2 backup destinations\n');
    const bad = await runPlat(['config', 'validate', '--config', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^plat: bad\.yaml has 1 problem\n  bad\.yaml:60:30 clusters\[1\]\.nodes\[0\]\.ip: "10\.25\.11\.300" is not an IPv4 address\nhint: /);
  });

  it('NO_COLOR and -o json produce no escape codes even when colour is forced', async () => {
    const env = { FORCE_COLOR: '3' };
    const noColor = await runPlat(['config', 'validate', '--config', 'bad.yaml'], { cwd: dir, env: { ...env, NO_COLOR: '1' } });
    expect(noColor.stderr + noColor.stdout).not.toContain(ESC);
    const json = await runPlat(['config', 'show', '-o', 'json'], { cwd: dir, env });
    expect(json.code).toBe(0);
    expect(json.stdout).not.toContain(ESC);
    expect(JSON.parse(json.stdout).clusters).toHaveLength(2);
  });

  it('completion prints a bash and a zsh script', async () => {
    const bash = await runPlat(['completion', 'bash'], { cwd: dir });
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -o bashdefault -o default -F _plat_yargs_completions plat');
    const zsh = await runPlat(['completion', 'zsh'], { cwd: dir });
    expect(zsh.stdout).toContain('compdef _plat_yargs_completions plat');
  });
});
