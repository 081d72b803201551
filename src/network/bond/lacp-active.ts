/**
 * "LACP active off": the bond does not send LACPDUs on its own and only answers a switch that is
 * itself active; against a passive switch port no aggregate ever forms.
 *
 * Talos 1.12.0–1.12.7 brought 802.3ad bonds up this way: `adLacpActive` was a plain enum whose
 * zero value is `off`, dropped from LinkStatus by omitempty, and applied to the kernel as
 * lacp_active=off. Fixed in 1.12.8 (commit 0f23c2c4f "fix: make lacp active nilable",
 * siderolabs/talos#13203). Evidence, strongest first: procfs `LACP active: off`; LinkStatus
 * `adLacpActive: off`; LinkStatus without `adLacpActive` on a node known to run 1.12.0–1.12.7.
 */
import type { NodeBond } from './model.js';
import type { BondSummary } from './summary.js';

/** True for Talos v1.12.0 … v1.12.7 (pre-releases of those included). */
export function talosHasLacpActiveBug(version: string | undefined): boolean {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return !!m && m[1] === '1' && m[2] === '12' && Number(m[3]) <= 7;
}

export function lacpActiveFinding(nb: NodeBond, s: BondSummary): { what: string; why: string; action: string } | undefined {
  const procfs = nb.procfs?.lacpActive;
  if (procfs === 'on') return undefined;
  const buggy = talosHasLacpActiveBug(nb.talosVersion);
  const evidence: string[] = [];
  if (procfs === 'off') evidence.push(`/proc/net/bonding/${nb.bondName} says "LACP active: off"`);
  if (nb.links?.settings.adLacpActive === 'off') evidence.push('LinkStatus bondMaster has adLacpActive: off');
  else if (s.linkStatusLacpActiveMissing && (procfs === 'off' || buggy)) evidence.push('LinkStatus bondMaster has no adLacpActive');
  if (evidence.length === 0) return undefined;

  const subject = `${nb.bondName} on ${nb.node}`;
  const version = nb.talosVersion ? `Talos ${nb.talosVersion}` : 'the Talos version is unknown';
  const bug = buggy
    ? `; ${nb.talosVersion} is in 1.12.0–1.12.7, which brings 802.3ad bonds up with lacp_active off (siderolabs/talos#13203)`
    : `; ${version}`;
  return {
    what: `${subject}: LACP active off (the node sends no LACPDUs)`,
    why: `${evidence.join(', ')}${bug}. The bond aggregates only if the switch port is LACP-active`,
    action: buggy
      ? `upgrade Talos on ${nb.node} to v1.12.8 or later (fix 0f23c2c4f); until then keep the switch port-channel in LACP active mode`
      : `set the bond's adLacpActive: on in ${nb.node}'s machine config, or keep the switch port-channel in LACP active mode`,
  };
}
