/**
 * `talosctl service(s) [id]`: the list table (service-list.txt) and the per-service key/value
 * block with events newest first (service-etcd-detail.txt). Ages are Go durations rounded to
 * seconds, measured against the twin's clock.
 */
import type { TalosService } from '../twin/index.js';
import { goDuration, tabwrite } from './go-format.js';
import { TalosctlError, unary, type Session } from './session.js';

function lastEvent(svc: TalosService) {
  return svc.events[svc.events.length - 1];
}

export function runService(s: Session): void {
  const [id, action = 'status'] = s.parsed.args as [string | undefined, string | undefined];
  if (action !== 'status') {
    if (['start', 'stop', 'restart'].includes(action)) throw new TalosctlError(`the lab stand-in does not emulate service ${action}`);
    throw new TalosctlError(`unsupported service action: "${action}"`);
  }
  const now = s.clock.now();
  const age = (ts: number | undefined) => (ts === undefined ? '' : goDuration(now - ts));
  if (id === undefined) {
    unary(
      s,
      'error listing services',
      (n) => `error from node ${n}: `,
      (t) => t.node!.services.map((svc) => [t.label, svc.id, svc.state, svc.health, `${age(lastEvent(svc)?.ts)} ago`, lastEvent(svc)?.msg ?? '<none>']),
      (ok) => {
        const rows = [['NODE', 'SERVICE', 'STATE', 'HEALTH', 'LAST CHANGE', 'LAST EVENT'], ...ok.flatMap((r) => r.value)];
        s.sink.out(tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n'));
      },
    );
    return;
  }
  let found = 0;
  unary(
    s,
    'error listing services',
    (n) => `error from node ${n}: `,
    (t) => t.node!.services.find((svc) => svc.id === id),
    (ok) => {
      const lines: string[] = [];
      for (const r of ok) {
        if (!r.value) continue;
        found++;
        const svc = r.value;
        lines.push(`NODE\t${r.label}`, `ID\t${svc.id}`, `STATE\t${svc.state}`, `HEALTH\t${svc.health}`);
        if (svc.lastHealthMessage) lines.push(`LAST HEALTH MESSAGE\t${svc.lastHealthMessage}`);
        [...svc.events].reverse().forEach((e, i) => lines.push(`${i === 0 ? 'EVENTS' : ''}\t[${e.state}]: ${e.msg} (${age(e.ts)} ago)`));
      }
      if (found) s.sink.out(tabwrite(lines.join('\n') + '\n'));
    },
  );
  if (!found) throw new TalosctlError(`service "${id}" is not registered on any nodes`);
}
