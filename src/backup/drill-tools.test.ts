import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { etcdctlCanRestore, findDrillTools, parseToolVersion } from './drill-tools.js';

describe('parseToolVersion', () => {
  // first lines as printed by Debian's etcd-server/etcd-client 3.4.23 and an etcd 3.5 release
  it.each([
    ['etcd Version: 3.4.23\nGit SHA: Not provided (use ./build instead of go build)\nGo Version: go1.19.8\n', '3.4.23'],
    ['etcdctl version: 3.4.23\nAPI version: 3.4\n', '3.4.23'],
    ['etcdutl version: 3.5.9\nAPI version: 3.5\n', '3.5.9'],
    ['no version here', undefined],
  ])('%j → %s', (text, v) => expect(parseToolVersion(text)).toBe(v));

  it('lets etcdctl restore only before 3.6', () => {
    expect(etcdctlCanRestore('3.4.23')).toBe(true);
    expect(etcdctlCanRestore('3.5.17')).toBe(true);
    expect(etcdctlCanRestore('3.6.4')).toBe(false);
  });
});

describe('findDrillTools', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says what to install when etcd is missing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    await expect(findDrillTools({ PATH: dir })).rejects.toMatchObject({
      message: 'plat backup drill needs etcd and etcdutl (or etcdctl before 3.6) on PATH to restore a snapshot and serve it',
      hint: expect.stringContaining('apt-get install etcd-server etcd-client'),
    });
  });

  it('refuses an etcdctl of 3.6, which lost snapshot restore', async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    const tool = (name: string, out: string) => {
      writeFileSync(join(dir!, name), `#!/bin/sh\nprintf '${out}'\n`);
      chmodSync(join(dir!, name), 0o755);
    };
    tool('etcd', 'etcd Version: 3.6.4\\n');
    tool('etcdctl', 'etcdctl version: 3.6.4\\nAPI version: 3.6\\n');
    await expect(findDrillTools({ PATH: dir })).rejects.toThrow('plat backup drill needs etcdutl (this etcdctl is 3.6 or newer: it cannot restore) on PATH');
  });
});
