/**
 * A bond as plat sees it on one node, from Talos' two sources: the LinkStatus resources
 * (`talosctl get links -o json`: the bond master's settings and MTU, slaves via masterIndex) and the
 * kernel's `/proc/net/bonding/<bond>` (per-slave MII, speed, link failures, LACP state).
 */

export type BondMode = '802.3ad' | 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | 'balance-tlb' | 'balance-alb';
/** bond_procfs.c prints `up`, `going down`, `down` or `going back` (BOND_LINK_* names). */
export type MiiStatus = 'up' | 'down' | 'going down' | 'going back';
export type ChurnState = 'none' | 'monitoring' | 'churned';

/** One `details actor|partner lacp pdu:` block (printed only to readers with CAP_NET_ADMIN). */
export interface LacpPdu {
  systemPriority?: number;
  systemMac?: string;
  /** `port key` for the actor, `oper key` for the partner. */
  key?: number;
  portPriority?: number;
  portNumber?: number;
  /** The LACP state octet (if_bonding.h LACP_STATE_*), see lacp-state.ts. */
  portState?: number;
}

export interface BondAggregatorInfo {
  id: number;
  ports: number;
  actorKey?: number;
  partnerKey?: number;
  partnerMac?: string;
}

export interface BondSlaveProcfs {
  name: string;
  miiStatus: MiiStatus;
  /** Undefined when the kernel prints `Speed: Unknown` (no carrier). */
  speedMbit?: number;
  duplex: 'full' | 'half' | 'unknown';
  linkFailureCount: number;
  permanentHwAddr?: string;
  queueId?: number;
  /** Undefined for `N/A` or when the line is absent (not 802.3ad). */
  aggregatorId?: number;
  actorChurnState?: ChurnState;
  partnerChurnState?: ChurnState;
  actorChurnedCount?: number;
  partnerChurnedCount?: number;
  actor?: LacpPdu;
  partner?: LacpPdu;
}

export interface BondProcfs {
  /** Kernel release from `Ethernet Channel Bonding Driver: v…`. */
  driverVersion?: string;
  mode?: BondMode;
  /** The mode as printed, e.g. `IEEE 802.3ad Dynamic link aggregation`. */
  modeLabel?: string;
  /** `layer3+4` from `layer3+4 (1)`. */
  hashPolicy?: string;
  miiStatus?: MiiStatus;
  miiPollingMs?: number;
  upDelayMs?: number;
  downDelayMs?: number;
  peerNotificationDelayMs?: number;
  /** Absent on kernels older than the `LACP active:` line (added with lacp_active, 5.15-era). */
  lacpActive?: 'on' | 'off';
  lacpRate?: 'fast' | 'slow';
  minLinks?: number;
  adSelect?: string;
  systemPriority?: number;
  systemMac?: string;
  /**
   * `Active Aggregator Info`; null when the kernel says `bond <name> has no active aggregator`;
   * undefined when not printed (not 802.3ad, or a reader without CAP_NET_ADMIN).
   */
  activeAggregator?: BondAggregatorInfo | null;
  slaves: BondSlaveProcfs[];
  /** Lines the parser does not know, as `line N: text`: kept, never fatal. */
  notes: string[];
}

/** One LinkStatus as far as bonds are concerned. */
export interface LinkInfo {
  name: string;
  index: number;
  mtu: number;
  operationalState: string;
  linkState: boolean;
  /** Undefined when absent or 4294967295 (ethtool SPEED_UNKNOWN). */
  speedMbit?: number;
  duplex?: string;
  hardwareAddr?: string;
  permanentAddr?: string;
  masterIndex?: number;
  driver?: string;
}

export interface BondMasterSettings {
  mode?: string;
  xmitHashPolicy?: string;
  lacpRate?: string;
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  minLinks?: number;
  adSelect?: string;
  /**
   * Absent means: on Talos 1.12.0–1.12.7 the kernel had lacp_active OFF (the enum's zero value was
   * dropped by omitempty, siderolabs/talos#13203); from 1.12.8 the field is a pointer and a bond
   * shows `on` explicitly.
   */
  adLacpActive?: 'on' | 'off';
}

export interface BondLinks {
  bond: LinkInfo;
  settings: BondMasterSettings;
  /** Links whose masterIndex is the bond's index, by name. */
  slaves: LinkInfo[];
}

/** Everything plat knows about one node's bond at one moment. */
export interface NodeBond {
  cluster: string;
  node: string;
  /** The address talosctl was given for the node. */
  address: string;
  bondName: string;
  at: number;
  /** null: LinkStatus was read but no bond of that name exists; undefined: not read. */
  links?: BondLinks | null;
  procfs?: BondProcfs;
  /** Talos version of the node (`talosctl version`), when known: decides the 1.12 LACP diagnosis. */
  talosVersion?: string;
  /** Why a source could not be read for this node. */
  errors: { links?: string; procfs?: string; version?: string };
}

/** What the next look needs from this one: when, and each slave's link failure count. */
export interface BondLook {
  at: number;
  linkFailures: Record<string, number>;
}

export function bondLook(nb: NodeBond): BondLook | undefined {
  if (!nb.procfs) return undefined;
  return { at: nb.at, linkFailures: Object.fromEntries(nb.procfs.slaves.map((s) => [s.name, s.linkFailureCount])) };
}
