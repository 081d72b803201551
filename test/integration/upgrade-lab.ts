/**
 * The lab on a ManualClock for runbook tests: the real platform adapters (talosctl shim, lab API
 * server, router over SSH) wrapped only to see when a look is in flight. The clock moves while the
 * engine waits (a poll, a talosctl upgrade that follows the twin's reboot) and stands still while
 * it looks (or starts talosctl), so fake-time deadlines do not depend on how fast this machine runs them.
 */
import { readFileSync } from 'node:fs';
import { parseConfigText, type ClusterConfig, type PlatConfig } from '../../src/config/index.js';
import { ManualClock, startLab, type Lab } from '../../src/lab/index.js';
import type { TwinChange } from '../../src/lab/twin/index.js';
import { platformFor, readJournal, type FluxPort, type RunEvent, type RunResult, type Session, type SessionOptions, type UpgradePlatform } from '../../src/upgrade/index.js';

export interface UpgradeLab {
  lab: Lab;
  clock: ManualClock;
  config: PlatConfig;
  env: NodeJS.ProcessEnv;
  /** Talos upgrades started per node (the twin's `sequence: upgrade START`), in order. */
  upgrades: string[];
  /** The etcd leader at the moment each upgrade started. */
  leaderAtUpgrade: string[];
  /** Most nodes away from `running` at the same time, per cluster. */
  maxDown: Record<string, number>;
  options(over?: Partial<SessionOptions>): SessionOptions;
  stop(): Promise<void>;
}

export async function startUpgradeLab(o: { flux?: FluxPort } = {}): Promise<UpgradeLab> {
  const clock = new ManualClock(Date.now());
  const lab = await startLab({ scenario: 'healthy', clock });
  const config = parseConfigText(readFileSync(lab.env.PLAT_CONFIG, 'utf8'), 'plat.yaml');
  const env: NodeJS.ProcessEnv = { PATH: lab.env.PATH, HOME: lab.dir, KUBECONFIG: lab.env.KUBECONFIG, TALOSCONFIG: lab.env.TALOSCONFIG };
  const upgrades: string[] = [];
  const leaderAtUpgrade: string[] = [];
  const maxDown: Record<string, number> = {};
  const offs = [
    lab.twin.onChange((c: TwinChange) => {
      if (c.kind === 'machine' && c.event.type === 'sequence' && c.event.name === 'upgrade' && c.event.action === 'START') {
        upgrades.push(c.node);
        leaderAtUpgrade.push(lab.twin.cluster(c.cluster)!.etcd.leader);
      }
      if (c.kind === 'node') {
        const down = lab.twin.cluster(c.cluster)!.nodes.filter((n) => n.stage !== 'running').length;
        maxDown[c.cluster] = Math.max(maxDown[c.cluster] ?? 0, down);
      }
      // upgrade-k8s moves the twin's version; the lab's API server serves /version from its own copy
      if (c.kind === 'cluster' && c.what.startsWith('kubernetes ')) lab.kube.get(c.cluster)?.setKubernetesVersion(lab.twin.cluster(c.cluster)!.kubernetesVersion);
    }),
  ];
  return {
    lab, clock, config, env, upgrades, leaderAtUpgrade, maxDown,
    options(over = {}) {
      const base: SessionOptions = {
        config, env, cwd: lab.dir, clock, platVersion: 'test', command: 'plat runbook run (test)',
        stop: new AbortController().signal, abort: new AbortController().signal,
        pause: async () => 'continue', allowExec: false, unattended: true, canAsk: false, readOnly: () => false,
        ...(o.flux ? { flux: () => o.flux! } : {}),
      };
      const opts = { ...base, ...over };
      return { ...opts, platform: (c: ClusterConfig) => tracked(platformFor(opts, c)) };
    },
    async stop() {
      for (const off of offs) off();
      await lab.stop();
    },
  };
}

let inFlight = 0;

/** The real platform, counting looks in flight (and backups, whose watchdog must not see the clock jump). */
function tracked(p: UpgradePlatform): UpgradePlatform {
  const count = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    inFlight++;
    try {
      return await f(...a);
    } finally {
      inFlight--;
    }
  };
  return {
    ...p,
    cluster: p.cluster,
    facts: count(p.facts.bind(p)),
    check: count(p.check.bind(p)),
    nodeBack: count(p.nodeBack.bind(p)),
    kubernetes: count(p.kubernetes.bind(p)),
    uncordon: count(p.uncordon.bind(p)),
    upgradeTalos: (node, call, signal) => untilFirstLine(p.upgradeTalos(node, call, signal)),
    upgradeK8s: (node, call, signal) => untilFirstLine(p.upgradeK8s(node, call, signal)),
    async *backup(signal) {
      inFlight++;
      try {
        return yield* p.backup(signal);
      } finally {
        inFlight--;
      }
    },
  };
}

/** A talosctl stream counts as a look until it prints: starting the process takes no time in the twin's world. */
async function* untilFirstLine<T>(lines: AsyncIterable<T>): AsyncGenerator<T> {
  inFlight++;
  let counted = true;
  try {
    for await (const l of lines) {
      if (counted) inFlight--;
      counted = false;
      yield l;
    }
  } finally {
    if (counted) inFlight--;
  }
}

/** Run a session to its end, moving the clock only while nothing is being looked at. */
export async function drive(clock: ManualClock, session: Session, onEvent: (e: RunEvent) => void = () => undefined): Promise<{ events: RunEvent[]; result: RunResult }> {
  let done = false;
  const ticker = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 2));
      if (inFlight === 0) clock.advance(250);
    }
  })();
  const events: RunEvent[] = [];
  try {
    let r = await session.events.next();
    while (!r.done) {
      events.push(r.value);
      onEvent(r.value);
      r = await session.events.next();
    }
    return { events, result: r.value };
  } finally {
    done = true;
    await ticker;
  }
}

export async function journalOf(path: string): Promise<RunEvent[]> {
  return (await readJournal(path)).events;
}

/** `text` as a runbook for the lab's infra cluster. */
export const talosRunbook = (extra = '', image = 'ghcr.io/siderolabs/installer:v1.12.0') => `name: infra-talos
cluster: infra
steps:
  - kind: talos-upgrade
    image: ${image}
    interval: 5s
${extra}`;
