/**
 * One flat view of a node's bond, merged from its two sources: procfs wins for live link state
 * (MII, speed, LACP), LinkStatus for MTU and for whatever procfs could not tell (the node's
 * procfs read failed, or an older kernel lacks a line). Rules and views read this, not the raw
 * sources, so "which source said so" is decided once.
 */
import type { MiiStatus, NodeBond } from './model.js';
import { ZERO_MAC } from './lacp-state.js';

export interface BondSlaveSummary {
  name: string;
  /** From procfs; from LinkStatus (`up`/`down` of operationalState) when procfs is missing. */
  mii: MiiStatus | 'unknown';
  speedMbit?: number;
  linkFailures?: number;
  aggregatorId?: number;
  partnerMac?: string;
  actorState?: number;
  partnerState?: number;
  churned: boolean;
}

export interface BondSummary {
  mode?: string;
  hashPolicy?: string;
  lacpRate?: string;
  /** procfs `LACP active`, else LinkStatus `adLacpActive`; undefined when neither says. */
  lacpActive?: 'on' | 'off';
  /** True when LinkStatus has a bondMaster block without `adLacpActive` (the 1.12.0–1.12.7 symptom). */
  linkStatusLacpActiveMissing: boolean;
  miimon?: number;
  mtu?: number;
  up?: boolean;
  slaves: BondSlaveSummary[];
  activeAggregatorId?: number | null;
  activeAggregatorPorts?: number;
  partnerMac?: string;
}

export function bondSummary(nb: NodeBond): BondSummary {
  const p = nb.procfs;
  const l = nb.links;
  const s: BondSummary = { slaves: [], linkStatusLacpActiveMissing: !!l && l.settings.adLacpActive === undefined };
  const set = <K extends keyof BondSummary>(k: K, v: BondSummary[K] | undefined) => {
    if (v !== undefined) s[k] = v;
  };
  set('mode', p?.mode ?? l?.settings.mode);
  set('hashPolicy', p?.hashPolicy ?? l?.settings.xmitHashPolicy);
  set('lacpRate', p?.lacpRate ?? l?.settings.lacpRate);
  set('lacpActive', p?.lacpActive ?? l?.settings.adLacpActive);
  set('miimon', p?.miiPollingMs ?? l?.settings.miimon);
  set('mtu', l?.bond.mtu);
  if (p?.miiStatus) s.up = p.miiStatus === 'up';
  else if (l) s.up = l.bond.operationalState === 'up';
  if (p?.activeAggregator === null) s.activeAggregatorId = null;
  else if (p?.activeAggregator) {
    s.activeAggregatorId = p.activeAggregator.id;
    s.activeAggregatorPorts = p.activeAggregator.ports;
    set('partnerMac', p.activeAggregator.partnerMac);
  }
  if (p && p.slaves.length > 0) {
    s.slaves = p.slaves.map((x) => {
      const slave: BondSlaveSummary = {
        name: x.name,
        mii: x.miiStatus,
        linkFailures: x.linkFailureCount,
        churned: x.actorChurnState === 'churned' || x.partnerChurnState === 'churned',
      };
      if (x.speedMbit !== undefined) slave.speedMbit = x.speedMbit;
      if (x.aggregatorId !== undefined) slave.aggregatorId = x.aggregatorId;
      if (x.partner?.systemMac !== undefined) slave.partnerMac = x.partner.systemMac;
      if (x.actor?.portState !== undefined) slave.actorState = x.actor.portState;
      if (x.partner?.portState !== undefined) slave.partnerState = x.partner.portState;
      return slave;
    });
  } else if (l) {
    s.slaves = l.slaves.map((x) => {
      const slave: BondSlaveSummary = { name: x.name, mii: x.operationalState === 'up' ? 'up' : x.operationalState === 'down' ? 'down' : 'unknown', churned: false };
      if (x.speedMbit !== undefined) slave.speedMbit = x.speedMbit;
      return slave;
    });
  }
  return s;
}

export const isZeroMac = (mac: string | undefined): boolean => mac === ZERO_MAC;
