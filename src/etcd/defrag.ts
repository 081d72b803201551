/**
 * `talosctl -n <node> etcd defrag`, one member at a time. TalosClient has no defrag call, so this
 * adapter spawns talosctl with the same argument rules (buildArgs) and error classification.
 * Before each member the cluster is looked at again: a member that went down or a lost leader
 * stops the run (GateRefused) — nothing more is touched.
 */
import { GateRefused } from '../errors/index.js';
import { assertRan, buildArgs, classifyFailure, type TalosClientOptions } from '../talos/index.js';
import type { EtcdLook } from './model.js';
import { planDefrag, type DefragStep } from './defrag-plan.js';

export type DefragEvent =
  | { type: 'defrag-start'; cluster: string; node: string; nodeName: string; isLeader: boolean; dbSize?: number; inUse?: number }
  | { type: 'defrag-done'; cluster: string; node: string; nodeName: string; dbSizeBefore?: number; dbSizeAfter?: number };

export type DefragMember = (node: string, signal?: AbortSignal) => Promise<void>;

/** Defrag through talosctl; a defrag rewrites the whole DB file, so allow minutes. */
export function talosDefrag(opts: TalosClientOptions, timeoutMs = 10 * 60_000): DefragMember {
  return async (node, signal) => {
    const command = 'talosctl etcd defrag';
    const bin = opts.bin ?? 'talosctl';
    // execa loads on the first defrag, not with the etcd room (the dashboard imports its view model).
    const { execa } = await import('execa');
    const r = await execa(bin, buildArgs({ talosconfig: opts.talosconfig, context: opts.context }, [node], ['etcd', 'defrag']), {
      reject: false, stdin: 'ignore', env: opts.env, timeout: timeoutMs, cancelSignal: signal,
    });
    const ours = r.timedOut || r.isCanceled;
    assertRan({
      command, nodes: [node], bin, timeoutMs, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode,
      timedOut: r.timedOut, canceled: r.isCanceled, signal: ours ? undefined : r.signal,
      spawnError: r.exitCode === undefined && !ours && !r.signal ? (r.code ?? 'unknown') : undefined,
    });
    if (r.exitCode !== 0) throw classifyFailure(command, String(r.stderr ?? '').trim() || `exited with code ${r.exitCode}`, [node]);
  };
}

export interface DefragRun {
  cluster: string;
  steps: DefragStep[];
  observe: () => Promise<EtcdLook>;
  defrag: DefragMember;
  signal?: AbortSignal;
}

export async function* runDefrag(run: DefragRun): AsyncGenerator<DefragEvent> {
  for (const [i, step] of run.steps.entries()) {
    const m = step.member;
    if (i > 0) {
      // the previous member must be back and the cluster whole before the next one is blocked
      const look = await run.observe();
      const now = planDefrag(look, [m.node]);
      const fresh = now[0]!;
      if (fresh.isLeader && run.steps.slice(i + 1).length) {
        throw new GateRefused(`${look.cluster}: ${m.nodeName} became the etcd leader; stopping so the leader stays last`, { hint: 'run plat etcd defrag again for the remaining members' });
      }
      Object.assign(m, fresh.member);
    }
    yield { type: 'defrag-start', cluster: run.cluster, node: m.node, nodeName: m.nodeName, isLeader: step.isLeader, dbSize: m.dbSize, inUse: m.inUse };
    await run.defrag(m.node, run.signal);
    const after = (await run.observe()).members.find((x) => x.node === m.node);
    yield { type: 'defrag-done', cluster: run.cluster, node: m.node, nodeName: m.nodeName, dbSizeBefore: m.dbSize, dbSizeAfter: after?.dbSize };
  }
}
