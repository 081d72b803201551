import { describe, expect, it } from 'vitest';
import { UserError } from '../errors/index.js';
import { buildArgs, checkNodes, checkValue, commandName, logsArgs, upgradeArgs, upgradeK8sArgs } from './args.js';

describe('buildArgs', () => {
  it('puts global flags first, all nodes in one -n, then the subcommand', () => {
    expect(buildArgs({ talosconfig: '/etc/plat/talosconfig', context: 'infra' }, ['10.25.11.11', '10.25.11.12', '10.25.11.13'], ['etcd', 'status'])).toEqual([
      '--talosconfig', '/etc/plat/talosconfig', '--context', 'infra', '-n', '10.25.11.11,10.25.11.12,10.25.11.13', 'etcd', 'status',
    ]);
    expect(buildArgs({}, ['apps-01'], ['version'])).toEqual(['-n', 'apps-01', 'version']);
  });
});

describe('checkNodes / checkValue', () => {
  it('accepts IPv4, IPv6 and host names', () => {
    expect(() => checkNodes(['10.25.11.11', 'fd00::1', 'infra-01.monosense.io'], 'talosctl version')).not.toThrow();
  });

  it('refuses what could become a flag or split the node list', () => {
    expect(() => checkNodes([], 'talosctl version')).toThrow(new UserError('talosctl version: no nodes given'));
    expect(() => checkNodes(['-e', 'x'], 'talosctl version')).toThrow('talosctl version: "-e" is not a node address or name');
    expect(() => checkNodes(['a,b'], 'talosctl version')).toThrow('"a,b" is not a node address or name');
    expect(() => checkNodes(['a b'], 'talosctl version')).toThrow('"a b" is not a node address or name');
    expect(() => checkNodes(['a', 'a'], 'talosctl version')).toThrow('talosctl version: a node is listed twice (a,a)');
    expect(() => checkValue('--force', 'resource id', 'talosctl get')).toThrow(new UserError('talosctl get: invalid resource id "--force"'));
    expect(() => checkValue('a\nb', 'resource id', 'talosctl get')).toThrow('talosctl get: invalid resource id "a?b"');
  });
});

describe('subcommand arguments', () => {
  it('upgrade: image, options, wait on by default', () => {
    expect(upgradeArgs({ image: 'factory.talos.dev/installer/abc:v1.12.8' }, 'talosctl upgrade')).toEqual([
      'upgrade', '--image', 'factory.talos.dev/installer/abc:v1.12.8', '--wait=true',
    ]);
    expect(upgradeArgs({ image: 'i:v1', stage: true, rebootMode: 'powercycle', wait: false, timeout: '45m' }, 'talosctl upgrade')).toEqual([
      'upgrade', '--image', 'i:v1', '--stage', '--reboot-mode', 'powercycle', '--wait=false', '--timeout', '45m',
    ]);
  });

  it('upgrade-k8s', () => {
    expect(upgradeK8sArgs({ to: '1.35.3', dryRun: true, prePullImages: false }, 'talosctl upgrade-k8s')).toEqual([
      'upgrade-k8s', '--to', '1.35.3', '--dry-run', '--pre-pull-images=false',
    ]);
  });

  it('logs', () => {
    expect(logsArgs('kubelet', { follow: true, tail: 100 }, 'talosctl logs')).toEqual(['logs', 'kubelet', '--follow', '--tail', '100']);
    expect(() => logsArgs('kubelet', { tail: 1.5 }, 'talosctl logs')).toThrow('talosctl logs: --tail must be a whole number');
  });

  it('commandName keeps the subcommand words only', () => {
    expect(commandName(['get', 'members', '-o', 'json'])).toBe('talosctl get members');
    expect(commandName(['etcd', 'alarm', 'list'])).toBe('talosctl etcd alarm list');
  });
});
