import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, UserError } from '../errors/index.js';
import { configTemplate, loadConfig, locateConfig, parseConfigText } from './index.js';
import { initConfig } from './init.js';
import { tempDir } from '../../test/support/plat.js';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'plat.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the file to be rejected');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('plat.yaml', () => {
  it('accepts the template and fills defaults', () => {
    const cfg = parseConfigText(configTemplate, 'plat.yaml');
    expect(cfg.clusters.map((c) => c.name)).toEqual(['infra', 'apps']);
    expect(cfg.clusters[0]!.bgp).toEqual({ localASN: 64512, peers: [{ address: '10.25.11.1', asn: 64501 }] });
    expect(cfg.network.bond).toMatchObject({ mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', mtu: 9000 });
    expect(cfg.backup.destinations[1]).toMatchObject({ name: 'offsite', every: 'weekly', port: 22 });
  });

  it('takes any number of clusters and fills per-field defaults', () => {
    const cfg = parseConfigText('clusters:\n  - name: solo\n    id: 7\n    nodes:\n      - { name: n1, ip: 192.168.1.10 }\n', 'plat.yaml');
    expect(cfg.clusters).toHaveLength(1);
    expect(cfg.clusters[0]!.nodes[0]!.role).toBe('controlplane');
    expect(cfg.backup.schedule).toBe('0 */6 * * *');
    expect(cfg.network.bond.mtu).toBe(9000);
  });

  it('reports a bad IP with file:line:col and the path', () => {
    const text = configTemplate.replace('10.25.11.14', '10.25.11.300');
    const line = lineOf(text, '10.25.11.300');
    const col = text.split('\n')[line - 1]!.indexOf('10.25.11.300') + 1;
    expect(problemsOf(text)).toEqual([`plat.yaml:${line}:${col} clusters[1].nodes[0].ip: "10.25.11.300" is not an IPv4 address`]);
  });

  it('reports an unknown key with a did-you-mean', () => {
    const text = configTemplate.replace('stateDir:', 'stateDri:');
    expect(problemsOf(text)).toEqual([`plat.yaml:${lineOf(text, 'stateDri')}:1 stateDri: unknown key "stateDri" (did you mean "stateDir"?)`]);
    const nested = configTemplate.replace('    lacpRate: fast', '    lacpRtae: fast');
    expect(problemsOf(nested)[0]).toMatch(/^plat\.yaml:\d+:5 network\.bond\.lacpRtae: unknown key "lacpRtae" \(did you mean "lacpRate"\?\)$/);
  });

  it('reports duplicate cluster names and node IPs, pointing at the second one', () => {
    const text = configTemplate.replace('  - name: apps\n', '  - name: infra\n').replace('10.25.11.16', '10.25.11.13');
    const problems = problemsOf(text);
    expect(problems).toContain(`plat.yaml:${text.split("\n").lastIndexOf("  - name: infra") + 1}:11 clusters[1].name: duplicate cluster name "infra" (also clusters[0])`);
    expect(problems.some((p) => /clusters\[1\]\.nodes\[2\]\.ip: duplicate node IP "10\.25\.11\.13" \(also clusters\[0\]\.nodes\[2\]\)$/.test(p))).toBe(true);
  });

  it('rejects a cron expression cron-parser rejects, and a wrong field count', () => {
    const bad = configTemplate.replace('"0 */6 * * *"', '"61 * * * *"');
    expect(problemsOf(bad)).toEqual([`plat.yaml:${lineOf(bad, 'schedule:')}:13 backup.schedule: "61 * * * *" is not a valid cron expression: Constraint error, got value 61 expected range 0-59`]);
    const short = configTemplate.replace('"0 */6 * * *"', '"0 6 *"');
    expect(problemsOf(short)[0]).toContain('has 3 fields; a cron schedule has 5');
    const tz = configTemplate.replace('timezone: UTC', 'timezone: Mars/Base');
    expect(problemsOf(tz)[0]).toContain('backup.timezone: "Mars/Base" is not a time zone');
  });

  it('reports every problem of a file in one go, in line order', () => {
    const text = configTemplate.replace('stateDir:', 'stateDri:').replace('10.25.11.14', '10.25.11.300').replace('"0 */6 * * *"', '"61 * * * *"');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('stateDri');
    expect(problems[2]).toContain('backup.schedule');
  });

  it('reports YAML syntax errors with a position, and an empty file', () => {
    expect(problemsOf('clusters: [\n')[0]).toMatch(/^plat\.yaml:2:1 /);
    expect(problemsOf('')).toEqual(['plat.yaml:1:1 (top level): the file is empty']);
    expect(problemsOf('clusters: []\n')[0]).toBe('plat.yaml:1:11 clusters: at least one cluster is required');
  });

  it('refuses an empty retention policy and a bad age recipient', () => {
    const text = configTemplate.replace('retention: { keepDaily: 30 }', 'retention: {}');
    expect(problemsOf(text)[0]).toContain('backup.destinations[0].retention: an empty retention policy would delete everything');
  });
});

describe('discovery and init', () => {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
  });
  const scratch = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('looks in order: --config, $PLAT_CONFIG, ./plat.yaml, $XDG_CONFIG_HOME/plat/plat.yaml', () => {
    const dir = scratch();
    const xdg = join(dir, 'xdg');
    mkdirSync(join(xdg, 'plat'), { recursive: true });
    writeFileSync(join(xdg, 'plat', 'plat.yaml'), configTemplate);
    const env = { HOME: dir, XDG_CONFIG_HOME: xdg };
    expect(locateConfig({ env, cwd: dir })).toMatchObject({ via: '$XDG_CONFIG_HOME', exists: true });
    writeFileSync(join(dir, 'plat.yaml'), configTemplate);
    expect(locateConfig({ env, cwd: dir })).toMatchObject({ path: join(dir, 'plat.yaml'), via: './plat.yaml' });
    expect(locateConfig({ env: { ...env, PLAT_CONFIG: join(dir, 'env.yaml') }, cwd: dir })).toMatchObject({ via: '$PLAT_CONFIG', exists: false });
    expect(locateConfig({ flag: 'flag.yaml', env: { ...env, PLAT_CONFIG: 'x' }, cwd: dir })).toMatchObject({ path: join(dir, 'flag.yaml'), via: '--config' });
    expect(locateConfig({ env: { HOME: dir }, cwd: join(dir, 'xdg') })).toMatchObject({ path: join(dir, '.config', 'plat', 'plat.yaml'), exists: false });
  });

  it('names an explicit missing file instead of falling back to another one', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'plat.yaml'), configTemplate);
    expect(() => loadConfig({ flag: 'other.yaml', env: { HOME: dir }, cwd: dir })).toThrow(/no plat\.yaml found at .*other\.yaml \(from --config\)/);
  });

  it('init writes the template and refuses to overwrite without --force', async () => {
    const dir = scratch();
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') };
    const path = await initConfig({ force: false, env, cwd: dir });
    expect(path).toBe(join(dir, 'xdg', 'plat', 'plat.yaml'));
    expect(loadConfig({ env, cwd: dir }).config.clusters).toHaveLength(2);
    await expect(initConfig({ force: false, env, cwd: dir })).rejects.toThrow(UserError);
    await expect(initConfig({ force: true, env, cwd: dir })).resolves.toBe(path);
  });
});
