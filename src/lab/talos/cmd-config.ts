/**
 * `talosctl config contexts|info` — local commands that only read the talosconfig
 * (config.go; talos.md §5.7): contexts table with `*` on the current one and more than three
 * nodes cut to `a,b,c...`; info as aligned `Label: value` lines.
 */
import { flagValue } from './cobra.js';
import { humanizeFuture, tabwrite } from './go-format.js';
import { TalosctlError } from './session.js';
import type { Parsed } from './cobra.js';
import type { TalosconfigModel } from './talosconfig.js';

export function runConfigContexts(config: TalosconfigModel, out: (s: string) => void): void {
  const rows = [['CURRENT', 'NAME', 'ENDPOINTS', 'NODES']];
  for (const name of Object.keys(config.contexts).sort()) {
    const c = config.contexts[name]!;
    const nodes = c.nodes.length > 3 ? `${c.nodes.slice(0, 3).join(',')}...` : c.nodes.join(',');
    rows.push([name === config.context ? '*' : '', name, c.endpoints.join(','), nodes]);
  }
  out(tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n'));
}

export function runConfigInfo(config: TalosconfigModel, contextName: string, parsed: Parsed, now: number, out: (s: string) => void): void {
  const c = config.contexts[contextName];
  if (!c) throw new TalosctlError(`context "${contextName}" is not defined`);
  // the lab's certificates are dummies issued for a year at lab start
  const expires = now + 365 * 86_400_000;
  const info = { context: contextName, nodes: c.nodes, endpoints: c.endpoints, roles: ['os:admin'], certTTL: humanizeFuture(expires - now) };
  const format = flagValue(parsed, 'output', 'text') as string;
  if (format === 'json') {
    out(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  if (format === 'yaml') {
    out(`context: ${info.context}\nnodes:\n${c.nodes.map((n) => `    - ${n}\n`).join('')}endpoints:\n${c.endpoints.map((n) => `    - ${n}\n`).join('')}roles:\n    - os:admin\ncertTTL: ${info.certTTL}\n`);
    return;
  }
  if (format !== 'text') throw new TalosctlError(`unknown output format: "${format}"`);
  const day = new Date(expires).toISOString().slice(0, 10);
  out(
    `Current context:     ${contextName}\nNodes:               ${c.nodes.join(', ')}\nEndpoints:           ${c.endpoints.join(', ')}\nRoles:               os:admin\nCertificate expires: ${humanizeFuture(expires - now)} (${day})\n`,
  );
}
