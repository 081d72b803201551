/**
 * `talosctl version` is text only (a hidden `--json` prints protojson, which randomises
 * whitespace on purpose). Layout (pkg/machinery/version/version.go): `Client:` then tab-indented
 * `Key:  value` lines, then `Server:` with one block per node, each opened by `NODE:`. `Built:` is
 * empty (trailing spaces), `Enabled:` lists features and is empty in maintenance mode. Markdown
 * copies turn the tab into 8 spaces, so any indentation is accepted.
 */
import { excerpt, ParseError } from '../errors/index.js';
import type { TalosVersionInfo, VersionOutput } from './types.js';

const FIELD = /^\s+([A-Za-z][A-Za-z /]*?):[ \t]*(.*?)\s*$/;

type Draft = Record<string, string>;

function toInfo(d: Draft, command: string, what: string, server: boolean): TalosVersionInfo {
  const tag = d['Tag'];
  if (!tag) throw new ParseError(command, `${what} has no Tag line`);
  const [os = '', arch = ''] = (d['OS/Arch'] ?? '').split('/');
  const info: TalosVersionInfo = {
    tag,
    sha: d['SHA'] ?? '',
    built: d['Built'] ?? '',
    goVersion: d['Go version'] ?? '',
    os,
    arch,
  };
  if (server) info.enabled = (d['Enabled'] ?? '').split(/[\s,]+/).filter(Boolean);
  return info;
}

export function parseVersion(text: string, command = 'talosctl version'): VersionOutput {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines.every((l) => l.trim() === '')) throw new ParseError(command, 'empty output where a version was expected');
  let section: 'client' | 'server' | undefined;
  let client: Draft | undefined;
  const servers: { node: string; draft: Draft }[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (line === 'Client:') {
      section = 'client';
      client = {};
      return;
    }
    if (line === 'Server:') {
      section = 'server';
      return;
    }
    const m = FIELD.exec(line);
    if (!m || !section) throw new ParseError(command, `unexpected line ${i + 1}: "${excerpt(line)}"`);
    const [, key = '', value = ''] = m;
    if (section === 'client') {
      client![key] = value;
      return;
    }
    // A server block opens with NODE:; without node metadata talosctl prints a single block with none.
    if (key === 'NODE' || servers.length === 0) servers.push({ node: key === 'NODE' ? value : '', draft: {} });
    if (key !== 'NODE') servers[servers.length - 1]!.draft[key] = value;
  });
  const out: VersionOutput = { servers: {} };
  if (client) out.client = toInfo(client, command, 'the Client block', false);
  for (const s of servers) {
    out.servers[s.node] = toInfo(s.draft, command, `the Server block${s.node ? ` of node ${s.node}` : ''}`, true);
  }
  return out;
}
