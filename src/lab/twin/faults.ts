/**
 * Fault effects on a node's bond. The bond is always re-derived from its healthy baseline plus
 * the faults that are active, so healing a fault restores exactly the original state.
 * Values follow the kernel's 802.3ad defaults when no LACPDU arrives (bond_3ad.c: partner
 * system 00:00:00:00:00:00, key 1, port state 1) — network.md §4 health rules 2-4.
 */
import type { Bond, BondSlave, FaultName, TwinNode } from './types.js';

const ZERO_MAC = '00:00:00:00:00:00';

function defaultedPartner(s: BondSlave): void {
  s.partnerMac = ZERO_MAC;
  s.partnerKey = 1;
  s.partnerPortState = 1;
  s.partnerSystemPriority = 65535;
  s.partnerPortPriority = 255;
  s.partnerPortNumber = 1;
}

export function cloneBond(b: Bond): Bond {
  return { ...b, slaves: b.slaves.map((s) => ({ ...s })) };
}

/** The bond as the kernel would show it with these faults active. */
export function deriveBond(baseline: Bond, faults: ReadonlySet<FaultName>, mtu: number): Bond {
  const bond = cloneBond(baseline);
  bond.mtu = faults.has('mtu-wrong') ? 1500 : mtu;
  const [first, second] = bond.slaves;
  if (faults.has('lacp-partner-lost') && first && second) {
    // No LACPDUs from the switch: each port ends up in its own aggregator with a defaulted partner.
    defaultedPartner(first);
    first.actorPortState = 79; // + defaulted (0x40) + expired
    first.partnerChurn = 'churned';
    first.partnerChurned += 1;
    defaultedPartner(second);
    second.aggregatorId = 2;
    second.actorPortState = 71;
    second.actorChurn = 'churned';
    second.partnerChurn = 'churned';
    second.actorChurned += 1;
    second.partnerChurned += 1;
  }
  if (faults.has('bond-slave-down') && second) {
    second.mii = 'down';
    second.speedMbit = 0;
    second.linkFailures += 1;
    second.aggregatorId = 2;
    second.actorKey = 0;
    second.actorPortState = 71;
    defaultedPartner(second);
    second.actorChurn = 'churned';
    second.partnerChurn = 'churned';
    second.actorChurned = Math.max(1, second.actorChurned);
    second.partnerChurned = Math.max(1, second.partnerChurned);
  }
  return bond;
}

/** Aggregate view the bonding driver reports in "Active Aggregator Info" (first up slave wins). */
export function activeAggregator(bond: Bond): { id: number; ports: number; partnerKey: number; partnerMac: string; actorKey: number } | undefined {
  const lead = bond.slaves.find((s) => s.mii === 'up');
  if (!lead) return undefined;
  const members = bond.slaves.filter((s) => s.mii === 'up' && s.aggregatorId === lead.aggregatorId);
  return { id: lead.aggregatorId, ports: members.length, partnerKey: lead.partnerKey, partnerMac: lead.partnerMac, actorKey: lead.actorKey };
}

/** Speed the bond master reports: the sum of the active aggregator's members (bond_3ad.c). */
export function bondSpeed(bond: Bond): number {
  const agg = activeAggregator(bond);
  if (!agg) return 0;
  return bond.slaves.filter((s) => s.mii === 'up' && s.aggregatorId === agg.id).reduce((sum, s) => sum + s.speedMbit, 0);
}

export function isBondDegraded(node: TwinNode): boolean {
  return node.faults.has('bond-slave-down') || node.faults.has('lacp-partner-lost');
}
