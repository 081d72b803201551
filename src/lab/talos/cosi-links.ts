/**
 * LinkStatus specs for lo, the two bond members and bond0, in LinkStatusSpec field order
 * (talos.md §2.1/§2.2; omitempty fields vanish when zero). A member shows the bond's MAC as
 * hardwareAddr (the kernel rewrites it) and its own MAC as permanentAddr.
 */
import type { TwinNode } from '../twin/index.js';
import type { YamlValue } from './go-yaml.js';

const LO_INDEX = 1;
const BOND_INDEX = 4;

export interface LinkSpec {
  id: string;
  spec: { [k: string]: YamlValue };
  /** For the table's print columns. */
  kind: string;
}

export function linkStatuses(node: TwinNode, bondUp: boolean, bondSpeedMbit: number): LinkSpec[] {
  const b = node.bond;
  const lo: LinkSpec = {
    id: 'lo',
    kind: '',
    spec: {
      index: LO_INDEX,
      type: 'loopback',
      linkIndex: 0,
      flags: 'UP,LOOPBACK,RUNNING,LOWER_UP',
      hardwareAddr: '00:00:00:00:00:00',
      permanentAddr: '',
      broadcastAddr: '00:00:00:00:00:00',
      mtu: 65536,
      queueDisc: 'noqueue',
      operationalState: 'unknown',
      kind: '',
      slaveKind: '',
      linkState: true,
      port: 'Other',
      duplex: 'Unknown',
    },
  };
  const members: LinkSpec[] = b.slaves.map((s, i) => {
    const up = s.mii === 'up';
    return {
      id: s.name,
      kind: '',
      spec: {
        index: 2 + i,
        type: 'ether',
        linkIndex: 0,
        flags: up ? 'UP,BROADCAST,RUNNING,SLAVE,MULTICAST,LOWER_UP' : 'UP,BROADCAST,SLAVE,MULTICAST',
        hardwareAddr: b.mac,
        permanentAddr: s.permanentMac,
        broadcastAddr: 'ff:ff:ff:ff:ff:ff',
        mtu: b.mtu,
        queueDisc: 'mq',
        masterIndex: BOND_INDEX,
        operationalState: up ? 'up' : 'down',
        kind: '',
        slaveKind: 'bond',
        busPath: `0000:01:00.${i}`,
        pciID: '8086:1563',
        driver: 'ixgbe',
        driverVersion: node.kernel,
        firmwareVersion: '0x800008c5',
        productID: '0x1563',
        vendorID: '0x8086',
        product: 'Ethernet Controller X550',
        vendor: 'Intel Corporation',
        linkState: up,
        // ethtool reports SPEED_UNKNOWN (-1) on a link without carrier
        speedMbit: up ? s.speedMbit : 4294967295,
        port: 'TwistedPair',
        duplex: up ? 'Full' : 'Unknown',
      },
    };
  });
  const bond: LinkSpec = {
    id: b.name,
    kind: 'bond',
    spec: {
      index: BOND_INDEX,
      type: 'ether',
      linkIndex: 0,
      flags: bondUp ? 'UP,BROADCAST,RUNNING,MASTER,MULTICAST,LOWER_UP' : 'UP,BROADCAST,MASTER,MULTICAST',
      hardwareAddr: b.mac,
      permanentAddr: '',
      broadcastAddr: 'ff:ff:ff:ff:ff:ff',
      mtu: b.mtu,
      queueDisc: 'noqueue',
      operationalState: bondUp ? 'up' : 'down',
      kind: 'bond',
      slaveKind: '',
      driver: 'bonding',
      driverVersion: node.kernel,
      firmwareVersion: '2',
      linkState: bondUp,
      ...(bondSpeedMbit > 0 ? { speedMbit: bondSpeedMbit } : {}),
      port: 'Other',
      duplex: bondUp ? 'Full' : 'Unknown',
      bondMaster: {
        mode: b.mode,
        xmitHashPolicy: b.xmitHashPolicy,
        lacpRate: b.lacpRate,
        arpValidate: 'none',
        arpAllTargets: 'any',
        primaryReselect: 'always',
        failOverMac: 'none',
        miimon: b.miimon,
        updelay: b.updelay,
        downdelay: b.downdelay,
        resendIgmp: 1,
        lpInterval: 1,
        packetsPerSlave: 1,
        numPeerNotif: 1,
        tlbLogicalLb: 1,
        useCarrier: true,
        adActorSysPrio: 65535,
        adLacpActive: b.adLacpActive,
        missedMax: 2,
      },
    },
  };
  return [bond, ...members, lo];
}
