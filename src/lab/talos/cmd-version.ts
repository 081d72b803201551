/**
 * `talosctl version`: the Client block (always, even when the API fails — talos.md §7), then
 * `Server:` and one block per node (pkg/machinery/version template: 13-character labels, an
 * empty `Built:` value keeping its trailing spaces).
 */
import { seededHex } from '../twin/index.js';
import { flagValue } from './cobra.js';
import { unary, versionParts, type Session } from './session.js';

/** Go toolchain each Talos minor was built with (release notes); only the shape matters. */
export function goVersionFor(talos: string): string {
  const minor = versionParts(talos)[1];
  const table: Record<number, string> = { 7: 'go1.22.4', 8: 'go1.22.7', 9: 'go1.23.4', 10: 'go1.24.4', 11: 'go1.24.9', 12: 'go1.25.5', 13: 'go1.26.3', 14: 'go1.26.6' };
  return table[minor] ?? 'go1.26.6';
}

export function shaFor(version: string): string {
  return seededHex(`talos-sha:${version}`, 8);
}

function block(tag: string, os: string): string {
  return `\tTag:         ${tag}\n\tSHA:         ${shaFor(tag)}\n\tBuilt:       \n\tGo version:  ${goVersionFor(tag)}\n\tOS/Arch:     ${os}\n`;
}

function clientOs(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };
  return `${process.platform === 'win32' ? 'windows' : process.platform}/${arch[process.arch] ?? process.arch}`;
}

export function runVersion(s: Session): void {
  s.sink.out('Client:\n');
  s.sink.out(flagValue(s.parsed, 'short', false) ? `Talos ${s.clientVersion}\n` : block(s.clientVersion, clientOs()));
  if (flagValue(s.parsed, 'client', false)) return;
  s.sink.out('Server:\n');
  unary(
    s,
    'error getting version',
    (n) => `error getting version from node ${n}: `,
    (t) => t.node!.talosVersion,
    (ok) => {
      for (const r of ok) s.sink.out(`\tNODE:        ${r.label}\n${block(r.value, 'linux/amd64')}\tEnabled:     RBAC\n`);
    },
  );
}
