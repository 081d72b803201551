/**
 * `plat runbook plan`: what a run would do now, node by node, and what every gate says now.
 * Only looks; never takes a backup, never runs `upgrade-k8s --dry-run` (v1.12's dry run still
 * pre-pulls images: reference/talos.md §5.4).
 */
import type { CheckOutcome } from './events.js';
import type { LoadedRunbook } from './load.js';
import { checkLabel, predictedOrder, stepTargets, stepTitle, unitId } from './plan.js';
import type { UpgradePlatform } from './platform.js';
import type { CheckSpec } from './schema.js';
import { reason } from './step-context.js';
import { installerVersion, sameVersion, talosctlBehaviour, upgradePathProblem, type TalosctlBehaviour } from './versions.js';

export interface PlanUnit {
  unit: string;
  node?: string;
  /** What would happen to it, in words. */
  action: string;
  refused?: string;
}

export interface PlanStep {
  step: number;
  line?: number;
  kind: string;
  title: string;
  units: PlanUnit[];
  notes: string[];
}

export interface PlanReport {
  runbook: string;
  file: string;
  cluster: string;
  talosctl: TalosctlBehaviour;
  leader?: string;
  gates: CheckOutcome[];
  steps: PlanStep[];
  /** Why a run started now would be refused (empty: it would start). */
  refused: string[];
}

async function look(platform: UpgradePlatform, spec: CheckSpec): Promise<CheckOutcome> {
  try {
    const out = { ...(await platform.check(spec)), check: checkLabel(spec) };
    if (!out.ok && out.remedy === 'backup' && spec.check === 'backup-fresh' && spec.take) return { ...out, ok: true, detail: `${out.detail} → a backup would be taken first` };
    return out;
  } catch (e) {
    return { check: checkLabel(spec), ok: false, detail: `could not look: ${reason(e)}` };
  }
}

export async function planRunbook(platform: UpgradePlatform, loaded: LoadedRunbook): Promise<PlanReport> {
  const rb = loaded.runbook;
  const cluster = platform.cluster;
  const facts = await platform.facts();
  const report: PlanReport = { runbook: rb.name, file: loaded.file, cluster: cluster.name, talosctl: talosctlBehaviour(facts.talosctl), gates: [], steps: [], refused: [], ...(facts.leader ? { leader: facts.leader } : {}) };
  for (const g of rb.gates) report.gates.push(await look(platform, g));
  for (const g of report.gates) if (!g.ok) report.refused.push(`gate ${g.check}: ${g.detail}`);

  for (const [i, s] of rb.steps.entries()) {
    const ps: PlanStep = { step: i + 1, kind: s.kind, title: stepTitle(s, cluster), units: [], notes: [], ...(loaded.stepLines[i] ? { line: loaded.stepLines[i] } : {}) };
    const unit = unitId(i);
    switch (s.kind) {
      case 'talos-upgrade': {
        const target = installerVersion(s.image)!;
        for (const n of predictedOrder(stepTargets(s, cluster), facts.leader)) {
          const v = facts.state.nodes.find((x) => x.name === n.name)?.talosVersion;
          const problem = sameVersion(v, target) ? undefined : upgradePathProblem('Talos', v, target);
          const role = `${n.role}${n.name === facts.leader ? '; etcd leader, goes last' : ''}`;
          const action = sameVersion(v, target) ? `already on ${target}: checked, not upgraded` : `${v ?? 'unknown'} → ${target} (${role})`;
          ps.units.push({ unit: unitId(i, n.name), node: n.name, action, ...(problem ? { refused: problem } : {}) });
          if (problem) report.refused.push(`${n.name}: ${problem}`);
        }
        ps.notes.push(`one node at a time; before each: the gates, then etcd quorum without it; after: Talos ${target}, stage running, services, Ready, schedulable, etcd, BGP (up to ${s.timeout} per node)`);
        if (report.talosctl.lifecycle) ps.notes.push(`talosctl ${report.talosctl.version}: LifecycleService upgrade, talosctl cordons/drains/uncordons (--drain default true)`);
        else ps.notes.push(`talosctl ${report.talosctl.version}: legacy upgrade tracker, Talos drains and uncordons the node`);
        if (s.stage && report.talosctl.stageDeprecated) ps.notes.push('--stage is deprecated by this talosctl (legacy path only)');
        break;
      }
      case 'k8s-upgrade': {
        const to = s.to.replace(/^v/, '');
        const k = await platform.kubernetes().catch((e: unknown) => ({ error: reason(e) }));
        if ('error' in k) ps.units.push({ unit, action: `Kubernetes not read (${k.error}); would run upgrade-k8s --to ${to} after a passing --dry-run` });
        else {
          const behind = Object.entries(k.kubelets).filter(([, v]) => !sameVersion(v, to));
          const problem = sameVersion(k.controlPlane, to) ? undefined : upgradePathProblem('Kubernetes', k.controlPlane, to);
          const action = sameVersion(k.controlPlane, to) && behind.length === 0
            ? `already on ${to}: nothing to do`
            : `API server ${k.controlPlane ?? 'unknown'} → ${to}, ${behind.length} kubelet${behind.length === 1 ? '' : 's'} to move: upgrade-k8s --dry-run, then upgrade-k8s`;
          ps.units.push({ unit, action, ...(problem ? { refused: problem } : {}) });
          if (problem) report.refused.push(problem);
        }
        ps.notes.push(`re-run when stuck at "waiting for kubelet restart" for ${s.stall} (safe; up to 3 runs)`);
        break;
      }
      case 'gate':
        for (const c of s.checks) {
          const out = await look(platform, c);
          ps.units.push({ unit, action: `${out.ok ? '✓' : '✗'} ${out.check}: ${out.detail}` });
        }
        break;
      case 'wait': {
        const out = await look(platform, s.for);
        ps.units.push({ unit, action: out.ok ? `${out.check} holds now` : `${out.check} does not hold yet: ${out.detail} (would wait up to ${s.timeout})` });
        break;
      }
      case 'backup':
        ps.units.push({ unit, action: 'take a verified etcd snapshot (the backup pipeline)' });
        break;
      case 'flux-reconcile':
        ps.units.push({ unit, action: `reconcile ${s.refs.join(', ')} and wait for Ready (up to ${s.timeout})` });
        break;
      case 'pause':
        ps.units.push({ unit, action: `ask the operator: ${s.message} (passes by itself only with --unattended)` });
        break;
      case 'exec':
        ps.units.push({ unit, action: `run ${JSON.stringify(s.command)} (only with --allow-exec)` });
        break;
    }
    report.steps.push(ps);
  }
  return report;
}

export function planLines(r: PlanReport): string[] {
  const out = [`runbook ${r.runbook} (${r.file}) on cluster ${r.cluster}; talosctl ${r.talosctl.version}${r.leader ? `; etcd leader ${r.leader}` : ''}`];
  out.push('gates now (checked before the first step, before every node and before a k8s-upgrade):');
  if (r.gates.length === 0) out.push('  (none)');
  for (const g of r.gates) out.push(`  ${g.ok ? '✓' : '✗'} ${g.check}: ${g.detail}`);
  for (const s of r.steps) {
    out.push(`step ${s.step}${s.line ? ` (line ${s.line})` : ''}: ${s.title}`);
    const w = Math.max(0, ...s.units.map((u) => u.unit.length));
    for (const u of s.units) out.push(`  ${u.unit.padEnd(w)}  ${u.action}${u.refused ? `  REFUSED: ${u.refused}` : ''}`);
    for (const n of s.notes) out.push(`  · ${n}`);
  }
  out.push(r.refused.length ? `a run now would be REFUSED: ${r.refused.join('; ')}` : 'a run now would start; nothing was changed');
  return out;
}
