/**
 * /proc/net/bonding/bond0 for an 802.3ad bond, in the kernel's layout (drivers/net/bonding/
 * bond_procfs.c, network.md §4): version line + blank line, TAB-indented "Active Aggregator
 * Info", 4-space-indented LACPDU details (printed because machined has CAP_NET_ADMIN).
 */
import { activeAggregator, type Bond, type TwinNode } from '../twin/index.js';

const HASH_POLICY: Record<string, string> = { layer2: 'layer2 (0)', 'layer3+4': 'layer3+4 (1)', 'layer2+3': 'layer2+3 (2)', 'encap2+3': 'encap2+3 (3)', 'encap3+4': 'encap3+4 (4)' };

export function procNetBonding(node: TwinNode): string {
  const b: Bond = node.bond;
  const agg = activeAggregator(b);
  const up = b.slaves.some((s) => s.mii === 'up');
  const lines = [
    `Ethernet Channel Bonding Driver: v${node.kernel}`,
    '',
    'Bonding Mode: IEEE 802.3ad Dynamic link aggregation',
    `Transmit Hash Policy: ${HASH_POLICY[b.xmitHashPolicy] ?? b.xmitHashPolicy}`,
    `MII Status: ${up ? 'up' : 'down'}`,
    `MII Polling Interval (ms): ${b.miimon}`,
    `Up Delay (ms): ${b.updelay}`,
    `Down Delay (ms): ${b.downdelay}`,
    'Peer Notification Delay (ms): 0',
    '',
    '802.3ad info',
    `LACP active: ${b.adLacpActive}`,
    `LACP rate: ${b.lacpRate}`,
    'Min links: 0',
    'Aggregator selection policy (ad_select): stable',
    'System priority: 65535',
    `System MAC address: ${b.mac}`,
  ];
  if (agg) {
    lines.push(
      'Active Aggregator Info:',
      `\tAggregator ID: ${agg.id}`,
      `\tNumber of ports: ${agg.ports}`,
      `\tActor Key: ${agg.actorKey}`,
      `\tPartner Key: ${agg.partnerKey}`,
      `\tPartner Mac Address: ${agg.partnerMac}`,
    );
  } else lines.push(`bond ${b.name} has no active aggregator`);
  b.slaves.forEach((s, i) => {
    const slaveUp = s.mii === 'up';
    lines.push(
      '',
      `Slave Interface: ${s.name}`,
      `MII Status: ${s.mii}`,
      `Speed: ${slaveUp ? `${s.speedMbit} Mbps` : 'Unknown'}`,
      `Duplex: ${slaveUp ? 'full' : 'Unknown'}`,
      `Link Failure Count: ${s.linkFailures}`,
      `Permanent HW addr: ${s.permanentMac}`,
      'Slave queue ID: 0',
      `Aggregator ID: ${s.aggregatorId}`,
      `Actor Churn State: ${s.actorChurn}`,
      `Partner Churn State: ${s.partnerChurn}`,
      `Actor Churned Count: ${s.actorChurned}`,
      `Partner Churned Count: ${s.partnerChurned}`,
      'details actor lacp pdu:',
      '    system priority: 65535',
      `    system mac address: ${b.mac}`,
      `    port key: ${s.actorKey}`,
      '    port priority: 255',
      `    port number: ${i + 1}`,
      `    port state: ${s.actorPortState}`,
      'details partner lacp pdu:',
      `    system priority: ${s.partnerSystemPriority}`,
      `    system mac address: ${s.partnerMac}`,
      `    oper key: ${s.partnerKey}`,
      `    port priority: ${s.partnerPortPriority}`,
      `    port number: ${s.partnerPortNumber}`,
      `    port state: ${s.partnerPortState}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
