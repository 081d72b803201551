/**
 * `talosctl logs <service> [-f] [--tail N]`: every line prefixed with the node (`<node>: <line>`,
 * logs.go). The lab writes a service's log from its event history plus a periodic line, so the
 * output moves with the twin's clock; `-f` keeps streaming until the caller aborts.
 */
import type { TalosService, TwinNode } from '../twin/index.js';
import { flagValue } from './cobra.js';
import { sleep } from './cmd-health.js';
import { fanOut, multiError, RpcError, TalosctlError, type Session } from './session.js';

const PERIOD = 5 * 60_000;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/-/g, '/').replace(/\.\d{3}Z$/, '');
}

function periodic(svc: string, node: TwinNode): string {
  switch (svc) {
    case 'etcd':
      return `{"level":"info","msg":"finished scheduled compaction","compact-revision":0,"took":"4.1ms","local-member-id":"${node.etcd?.id ?? ''}"}`;
    case 'kubelet':
      return `{"ts":0,"caller":"kubelet/kubelet.go:2468","msg":"SyncLoop (housekeeping)","v":2}`;
    case 'apid':
      return 'apid: serving on [::]:50000';
    default:
      return `${svc}: healthy`;
  }
}

/** The log of a service from `since` to `until` (epoch ms). */
export function serviceLog(node: TwinNode, svc: TalosService, since: number, until: number): { ts: number; line: string }[] {
  const lines = svc.events.filter((e) => e.ts >= since && e.ts <= until).map((e) => ({ ts: e.ts, line: `${stamp(e.ts)} [talos] ${e.msg}` }));
  const first = Math.ceil(Math.max(since, node.bootTime) / PERIOD) * PERIOD;
  for (let ts = first; ts <= until; ts += PERIOD) lines.push({ ts, line: `${stamp(ts)} ${periodic(svc.id, node)}` });
  return lines.sort((a, b) => a.ts - b.ts);
}

export async function runLogs(s: Session): Promise<void> {
  const [id] = s.parsed.args as [string];
  const tail = flagValue(s.parsed, 'tail', -1) as number;
  const now = s.clock.now();
  const results = fanOut(s, (t) => {
    const svc = t.node!.services.find((x) => x.id === id);
    if (!svc) throw new RpcError('NotFound', `log "${id}" was not registered`);
    const lines = serviceLog(t.node!, svc, t.node!.bootTime, now);
    return tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  });
  const bad = results.filter((r) => r.error);
  if (bad.length === results.length) {
    throw new TalosctlError(s.legacy ? `error fetching logs: ${multiError(bad.map((b) => `${b.label}: ${b.error}`))}` : bad.map((b) => `error from node ${b.label}: ${b.error}`).join('\n'));
  }
  for (const r of results) for (const l of r.value ?? []) s.sink.out(`${r.label}: ${l.line}\n`);
  if (flagValue(s.parsed, 'follow', false)) {
    let from = now;
    try {
      for (;;) {
        await sleep(s.clock, 30_000, s.signal);
        const to = s.clock.now();
        for (const t of s.targets) {
          const svc = t.node?.services.find((x) => x.id === id);
          if (!t.node || !svc || s.twin.apiState(t.node) !== 'ok') continue;
          for (const l of serviceLog(t.node, svc, from + 1, to)) s.sink.out(`${t.label}: ${l.line}\n`);
        }
        from = to;
      }
    } catch {
      return; // aborted (Ctrl-C): talosctl exits quietly
    }
  }
  if (bad.length) throw new TalosctlError(s.legacy ? multiError(bad.map((b) => `${b.label}: ${b.error}`)) : bad.map((b) => `error from node ${b.label}: ${b.error}`).join('\n'));
}
