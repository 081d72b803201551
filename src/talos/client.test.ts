import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors/index.js';
import { TalosClient } from './client.js';

const dir = mkdtempSync(join(tmpdir(), 'plat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TalosClient', () => {
  it('builds one argument array per call with the global flags and every node', () => {
    const c = new TalosClient({ talosconfig: '/etc/plat/talosconfig', context: 'apps' });
    expect(c.argsFor(['10.25.11.14', '10.25.11.15', '10.25.11.16'], ['services'])).toEqual([
      '--talosconfig', '/etc/plat/talosconfig', '--context', 'apps', '-n', '10.25.11.14,10.25.11.15,10.25.11.16', 'services',
    ]);
    expect(c.bin).toBe('talosctl');
    expect(c.timeoutMs).toBe(15000);
  });

  it('a missing talosctl binary is a UserError that says to install it', async () => {
    const c = new TalosClient({ bin: join(dir, 'no-talosctl-here') });
    const err = await c.version(['10.25.11.11']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`talosctl not found: "${join(dir, 'no-talosctl-here')}" is not an executable on PATH`);
    expect((err as UserError).hint).toMatch(/^install talosctl/);
  });

  it('a missing binary also fails streaming calls and per-node reads', async () => {
    const c = new TalosClient({ bin: join(dir, 'no-talosctl-here') });
    const drain = async () => {
      for await (const _ of c.reboot('10.25.11.11', { wait: false })) void _;
    };
    await expect(drain()).rejects.toThrow(UserError);
    await expect(c.read('/proc/net/bonding/bond0', ['10.25.11.11', '10.25.11.12'])).rejects.toThrow(UserError);
  });

  it('refuses bad input before spawning anything', async () => {
    const c = new TalosClient({ bin: join(dir, 'no-talosctl-here') });
    await expect(c.etcdStatus([])).rejects.toThrow('talosctl etcd status: no nodes given');
    await expect(c.get('--all', ['10.25.11.11'])).rejects.toThrow('talosctl get: invalid resource type "--all"');
    await expect(c.read('proc/net/bonding/bond0', ['10.25.11.11'])).rejects.toThrow('talosctl read: "proc/net/bonding/bond0" is not an absolute path');
  });
});

describe('TalosClient streaming calls', () => {
  it('report bad options through the iteration, not as a synchronous throw', async () => {
    const c = new TalosClient({ bin: join(dir, 'no-talosctl-here') });
    const it = c.upgrade('10.25.11.11', { image: '-bad' });
    await expect(it.next()).rejects.toThrow('talosctl upgrade: invalid installer image "-bad"');
  });
});
