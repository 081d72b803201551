/**
 * `talosctl upgrade|reboot|shutdown` with the non-TTY progress tracker (talos.md §5.1, fact 6):
 * one stderr line per machine event, `"<node>": <message>` with the node Go-quoted, until the
 * node is back RUNNING with a new boot ID (`events check condition met`, `post check passed`).
 * `--wait=false` prints the `NODE ACK STARTED` table (upgrade) or nothing (reboot/shutdown).
 */
import { uuid } from '../twin/index.js';
import type { MachineEvent, TwinNode } from '../twin/index.js';
import { flagValue } from './cobra.js';
import { sleep } from './cmd-health.js';
import { goQuote, goTimeString, tabwrite } from './go-format.js';
import { clientVersionCheck, endpointError, reachError, RpcError, TalosctlError, type Session, type Target } from './session.js';

type Action = 'upgrade' | 'reboot' | 'shutdown';

/** Errors already reported inline by the tracker: exit 1, print nothing more. */
export class Reported extends TalosctlError {
  constructor() {
    super('');
  }
}

export function formatMachineEvent(e: MachineEvent): string {
  switch (e.type) {
    case 'sequence':
      return `sequence: ${e.name} action: ${e.action}${e.error ? ` error: ${e.error}` : ''}`;
    case 'phase':
      return `phase: ${e.name} action: ${e.action}`;
    case 'task':
      return `task: ${e.name} action: ${e.action}`;
    case 'status':
      return `stage: ${e.stage} ready: ${e.ready} unmetCond: [${e.unmet.map((u) => `name:${goQuote(u.name)} reason:${goQuote(u.reason)}`).join(' ')}]`;
    case 'service':
      return `service: ${e.service} message: ${e.message} healthy: ${e.healthy}`;
    default:
      return `error: ${e.message}`;
  }
}

function imageVersion(image: string): string | undefined {
  const tag = /:([^:/@]+)(@sha256:[0-9a-f]+)?$/.exec(image)?.[1];
  return tag && /^v\d+\.\d+\.\d+/.test(tag) ? tag : undefined;
}

/** Server-side refusal: an upgrade of a control plane needs every etcd member healthy (unless --force). */
function etcdPrecheck(s: Session, node: TwinNode): string | undefined {
  if (node.role !== 'controlplane') return undefined;
  const sick = s.twin.clusterOf(node).nodes.find((n) => n.etcd && !s.twin.etcdHealthy(n));
  if (!sick) return undefined;
  return new RpcError('DeadlineExceeded', `error validating etcd for upgrade: etcd member ${sick.etcd!.id} is not healthy; all members must be healthy to perform an upgrade: context deadline exceeded`).message;
}

/** Follow one node until its action is done; resolves false when the tracker reported an error. */
function track(s: Session, t: Target, action: Action, start: () => string | undefined): Promise<boolean> {
  const node = t.node!;
  const say = (msg: string) => s.sink.err(`${goQuote(t.label)}: ${msg}\n`);
  say('waiting for actor ID');
  const refusal = start();
  if (refusal) {
    say(refusal);
    return Promise.resolve(false);
  }
  say(`actor ID: ${uuid(`${node.name}:actor:${s.clock.now()}`)}`);
  const bootId = node.bootId;
  return new Promise<boolean>((resolve) => {
    let down = false;
    const finish = (ok: boolean) => {
      off();
      resolve(ok);
    };
    const pollWhileDown = async () => {
      while (down) {
        say('unavailable, retrying...');
        await sleep(s.clock, 1000, s.signal).catch(() => (down = false));
      }
    };
    const off = s.twin.onChange((c) => {
      if (c.kind === 'machine' && c.node === node.name) {
        // the tracker reads events over the node's API: nothing arrives while it cannot be reached
        if (s.twin.apiState(node) !== 'ok') return;
        say(formatMachineEvent(c.event));
        if (c.event.type === 'status' && c.event.stage === 'RUNNING' && c.event.ready && node.bootId !== bootId) {
          say('events check condition met');
          say('post check passed');
          finish(true);
        }
      } else if (c.kind === 'node' && c.node === node.name) {
        const unreachable = s.twin.apiState(node) !== 'ok';
        if (unreachable && !down && action !== 'shutdown') {
          down = true;
          void pollWhileDown();
        } else if (!unreachable) down = false;
        if (action === 'shutdown' && node.stage === 'off') {
          say('events check condition met');
          finish(true);
        }
      }
    });
    s.signal?.addEventListener('abort', () => finish(false), { once: true });
  });
}

export async function runLifecycle(s: Session, action: Action): Promise<void> {
  const ep = endpointError(s);
  if (ep) throw new TalosctlError(ep.message);
  if (action === 'upgrade') clientVersionCheck(s);
  const image = flagValue(s.parsed, 'image', `ghcr.io/siderolabs/installer:${s.clientVersion}`) as string;
  const version = imageVersion(image);
  const force = flagValue(s.parsed, 'force', false) as boolean;
  const wait = (flagValue(s.parsed, 'wait', true) as boolean) || (flagValue(s.parsed, 'debug', false) as boolean);
  const start = (t: Target): string | undefined => {
    const err = reachError(s.twin, t.label, t.node);
    if (err) return err.message;
    const node = t.node!;
    if (action === 'upgrade') {
      if (!version) return new RpcError('Unknown', `error pulling image "${image}": tag must name a Talos version such as v1.11.5`).message;
      const refusal = force ? undefined : etcdPrecheck(s, node);
      if (refusal) return refusal;
      s.twin.upgrade(node, version);
    } else if (action === 'reboot') s.twin.reboot(node);
    else s.twin.shutdown(node, force);
    return undefined;
  };
  if (!wait) {
    const rows: string[][] = [];
    for (const t of s.targets) {
      const err = start(t);
      if (err) throw new TalosctlError(err);
      if (action === 'upgrade') rows.push([t.label, 'Upgrade request received', goTimeString(s.clock.now(), 0.041236570)]);
    }
    if (rows.length) s.sink.out(tabwrite([['NODE', 'ACK', 'STARTED'], ...rows].map((r) => r.join('\t')).join('\n') + '\n'));
    return;
  }
  const results = await Promise.all(s.targets.map((t) => track(s, t, action, () => start(t))));
  if (results.some((ok) => !ok)) throw new Reported();
}
