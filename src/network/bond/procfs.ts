/**
 * Parser of `/proc/net/bonding/<bond>` (drivers/net/bonding/bond_procfs.c). The layout is
 * `Key: value` lines in three levels: the bond, the TAB-indented `Active Aggregator Info`, and per
 * slave (from `Slave Interface:`) with 4-space-indented `details actor|partner lacp pdu` blocks.
 * The aggregator and LACPDU blocks appear only for readers with CAP_NET_ADMIN, `LACP active` only
 * on newer kernels. Lines it does not know are kept in `notes` (other modes print
 * `Currently Active Slave`, ARP targets…); only a text with no bonding line at all is an error.
 */
import { ParseError, excerpt } from '../../errors/index.js';
import type { BondMode, BondProcfs, BondSlaveProcfs, ChurnState, LacpPdu, MiiStatus } from './model.js';

export const bondProcfsPath = (bond: string): string => `/proc/net/bonding/${bond}`;

/** bond_main.c bond_mode_names[]. */
const MODES: Record<string, BondMode> = {
  'load balancing (round-robin)': 'balance-rr',
  'fault-tolerance (active-backup)': 'active-backup',
  'load balancing (xor)': 'balance-xor',
  'fault-tolerance (broadcast)': 'broadcast',
  'IEEE 802.3ad Dynamic link aggregation': '802.3ad',
  'transmit load balancing': 'balance-tlb',
  'adaptive load balancing': 'balance-alb',
};
const MII: readonly MiiStatus[] = ['up', 'down', 'going down', 'going back'];
const CHURN: readonly ChurnState[] = ['none', 'monitoring', 'churned'];

type Block = 'bond' | 'aggregator' | 'slave' | 'actor' | 'partner';

export function parseBondProcfs(text: string, opts: { command?: string } = {}): BondProcfs {
  const command = opts.command ?? 'read /proc/net/bonding';
  const out: BondProcfs = { slaves: [], notes: [] };
  let block: Block = 'bond';
  let slave: BondSlaveProcfs | undefined;
  let pdu: LacpPdu | undefined;
  let known = 0;

  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') {
      if (block !== 'slave') block = slave ? 'slave' : 'bond';
      return;
    }
    const note = () => out.notes.push(`line ${i + 1}: ${excerpt(raw.trim(), 120)}`);
    const indented = /^\s/.test(raw);
    const line = raw.trim();
    const driver = /^Ethernet Channel Bonding Driver: v?(.+)$/.exec(line);
    if (driver) {
      out.driverVersion = driver[1]!;
      known++;
      return;
    }
    if (line === '802.3ad info') return void known++;
    if (line === 'Active Aggregator Info:') {
      block = 'aggregator';
      out.activeAggregator = { id: 0, ports: 0 };
      return void known++;
    }
    if (/^bond \S+ has no active aggregator$/.test(line)) {
      out.activeAggregator = null;
      return void known++;
    }
    if (/^details (actor|partner) lacp pdu:$/.test(line) && slave) {
      const who = line.includes('actor') ? 'actor' : 'partner';
      pdu = {};
      slave[who] = pdu;
      block = who;
      return void known++;
    }
    const kv = /^([^:]+):\s*(.*)$/.exec(line);
    if (!kv) return note();
    const key = kv[1]!.trim();
    const value = kv[2]!.trim();
    if (key === 'Slave Interface') {
      slave = { name: value, miiStatus: 'down', duplex: 'unknown', linkFailureCount: 0 };
      out.slaves.push(slave);
      block = 'slave';
      pdu = undefined;
      return void known++;
    }
    // An indented line belongs to the open sub-block; an unindented one closes it.
    if (!indented && (block === 'actor' || block === 'partner' || block === 'aggregator')) block = slave ? 'slave' : 'bond';
    const ok =
      block === 'aggregator' ? aggregatorField(out, key, value)
      : (block === 'actor' || block === 'partner') && pdu ? pduField(pdu, key, value)
      : block === 'slave' && slave ? slaveField(slave, key, value)
      : bondField(out, key, value);
    if (ok) known++;
    else note();
  });
  if (known === 0) {
    throw new ParseError(command, `not a bonding status file: "${excerpt(text.trim() || '(empty)')}"`);
  }
  return out;
}

const int = (v: string): number | undefined => (/^-?\d+$/.test(v) ? Number(v) : undefined);

function setInt<T extends object>(target: T, field: keyof T, value: string): boolean {
  const n = int(value);
  if (n === undefined) return false;
  (target as Record<keyof T, unknown>)[field] = n;
  return true;
}

function bondField(b: BondProcfs, key: string, value: string): boolean {
  switch (key) {
    case 'Bonding Mode':
      b.modeLabel = value;
      if (MODES[value]) b.mode = MODES[value];
      return true;
    case 'Transmit Hash Policy':
      b.hashPolicy = value.replace(/\s*\(\d+\)$/, '');
      return true;
    case 'MII Status':
      if (!MII.includes(value as MiiStatus)) return false;
      b.miiStatus = value as MiiStatus;
      return true;
    case 'MII Polling Interval (ms)':
      return setInt(b, 'miiPollingMs', value);
    case 'Up Delay (ms)':
      return setInt(b, 'upDelayMs', value);
    case 'Down Delay (ms)':
      return setInt(b, 'downDelayMs', value);
    case 'Peer Notification Delay (ms)':
      return setInt(b, 'peerNotificationDelayMs', value);
    case 'LACP active':
      if (value !== 'on' && value !== 'off') return false;
      b.lacpActive = value;
      return true;
    case 'LACP rate':
      if (value !== 'fast' && value !== 'slow') return false;
      b.lacpRate = value;
      return true;
    case 'Min links':
      return setInt(b, 'minLinks', value);
    case 'Aggregator selection policy (ad_select)':
      b.adSelect = value;
      return true;
    case 'System priority':
      return setInt(b, 'systemPriority', value);
    case 'System MAC address':
      b.systemMac = value;
      return true;
    default:
      return false;
  }
}

function aggregatorField(b: BondProcfs, key: string, value: string): boolean {
  const a = b.activeAggregator;
  if (!a) return false;
  switch (key) {
    case 'Aggregator ID':
      return setInt(a, 'id', value);
    case 'Number of ports':
      return setInt(a, 'ports', value);
    case 'Actor Key':
      return setInt(a, 'actorKey', value);
    case 'Partner Key':
      return setInt(a, 'partnerKey', value);
    case 'Partner Mac Address':
      a.partnerMac = value.toLowerCase();
      return true;
    default:
      return false;
  }
}

function slaveField(s: BondSlaveProcfs, key: string, value: string): boolean {
  switch (key) {
    case 'MII Status':
      if (!MII.includes(value as MiiStatus)) return false;
      s.miiStatus = value as MiiStatus;
      return true;
    case 'Speed': {
      if (value === 'Unknown') return true;
      const m = /^(\d+) Mbps$/.exec(value);
      if (m) s.speedMbit = Number(m[1]);
      return !!m;
    }
    case 'Duplex':
      s.duplex = value === 'full' || value === 'half' ? value : 'unknown';
      return true;
    case 'Link Failure Count':
      return setInt(s, 'linkFailureCount', value);
    case 'Permanent HW addr':
      s.permanentHwAddr = value.toLowerCase();
      return true;
    case 'Slave queue ID':
      return setInt(s, 'queueId', value);
    case 'Aggregator ID':
      return value === 'N/A' || setInt(s, 'aggregatorId', value);
    case 'Actor Churn State':
    case 'Partner Churn State': {
      if (!CHURN.includes(value as ChurnState)) return false;
      s[key === 'Actor Churn State' ? 'actorChurnState' : 'partnerChurnState'] = value as ChurnState;
      return true;
    }
    case 'Actor Churned Count':
      return setInt(s, 'actorChurnedCount', value);
    case 'Partner Churned Count':
      return setInt(s, 'partnerChurnedCount', value);
    default:
      return false;
  }
}

function pduField(p: LacpPdu, key: string, value: string): boolean {
  switch (key) {
    case 'system priority':
      return setInt(p, 'systemPriority', value);
    case 'system mac address':
      p.systemMac = value.toLowerCase();
      return true;
    case 'port key':
    case 'oper key':
      return setInt(p, 'key', value);
    case 'port priority':
      return setInt(p, 'portPriority', value);
    case 'port number':
      return setInt(p, 'portNumber', value);
    case 'port state':
      return setInt(p, 'portState', value);
    default:
      return false;
  }
}
