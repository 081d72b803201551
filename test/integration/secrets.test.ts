/**
 * Secrets never reach stdout, stderr or logs: a sentinel sits in a talosconfig key, a kubeconfig
 * token and an SSH identity file; every command runs (also with --verbose and failing on purpose)
 * and the sentinel must appear nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runPlat, tempDir } from '../support/plat.js';
import { configTemplate } from '../../src/config/index.js';

const SENTINEL = 'SENTINELc2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFr';
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'talosconfig'), `context: infra\ncontexts:\n  infra:\n    endpoints: [127.0.0.1]\n    ca: ${SENTINEL}\n    crt: ${SENTINEL}\n    key: ${SENTINEL}\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'kubeconfig'),
    `apiVersion: v1\nkind: Config\nclusters:\n- name: infra\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: admin@infra\n  context: {cluster: infra, user: admin}\n- name: admin@apps\n  context: {cluster: infra, user: admin}\ncurrent-context: admin@infra\nusers:\n- name: admin\n  user: {token: ${SENTINEL}}\n`,
    { mode: 0o600 },
  );
  writeFileSync(join(dir, 'keys', 'router'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${SENTINEL}\n-----END OPENSSH PRIVATE KEY-----\n`, { mode: 0o600 });
  const cfg = configTemplate
    .replace('talosconfig: ~/.talos/config', `talosconfig: ${join(dir, 'talosconfig')}`)
    .replace('kubeconfig: ~/.kube/config', `kubeconfig: ${join(dir, 'kubeconfig')}`)
    .replace('identityFile: ~/.ssh/plat_router', `identityFile: ${join(dir, 'keys', 'router')}`);
  writeFileSync(join(dir, 'plat.yaml'), cfg);
});
afterAll(() => cleanup());

const commands: string[][] = [
  ['config', 'show'],
  ['config', 'show', '-o', 'json'],
  ['config', 'validate', '--verbose'],
  ['status', '--verbose'],
  ['status', '-o', 'json'],
  ['nodes', '--verbose'],
  ['node', 'infra-01', 'services', '--verbose'],
  ['node', 'infra-01', 'reboot', '--yes', '--verbose'],
  ['node', 'infra-01', 'logs', 'kubelet', '--verbose'],
  ['--cluster', 'nope', 'status', '--verbose'],
];

describe('secrets stay secret', () => {
  it.each(commands.map((c) => [c.join(' '), c]))('plat %s', async (_label, args) => {
    const r = await runPlat(args as string[], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig'), TALOSCONFIG: join(dir, 'talosconfig'), PATH: '/usr/bin:/bin' } });
    expect(r.stdout + r.stderr).not.toContain(SENTINEL);
    expect(r.stdout + r.stderr).not.toContain('c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFr');
  });
});
