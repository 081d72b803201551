/**
 * Bonds from Talos LinkStatus resources (`talosctl get links -o json`, LinkStatusSpec in
 * pkg/machinery/resources/network/link_status.go). A bond master has `kind: bond` and a
 * `bondMaster` block; its members have `slaveKind: bond` and `masterIndex` = the bond's `index`.
 * omitempty fields vanish when zero, so nearly everything is optional here.
 */
import { compareText } from '../../conventions/index.js';
import { ParseError } from '../../errors/index.js';
import type { TalosResource } from '../../talos/index.js';
import type { BondLinks, BondMasterSettings, LinkInfo } from './model.js';
import { bool, check, int, num, obj, opt, pathText, str, type Infer } from '../shape.js';

/** ethtool's SPEED_UNKNOWN (-1 as uint32), printed for links without carrier. */
const SPEED_UNKNOWN = 4294967295;

const linkSpec = obj({
  index: int(),
  mtu: int(),
  operationalState: opt(str()),
  linkState: opt(bool()),
  speedMbit: opt(num()),
  duplex: opt(str()),
  hardwareAddr: opt(str()),
  permanentAddr: opt(str()),
  masterIndex: opt(int()),
  kind: opt(str()),
  slaveKind: opt(str()),
  driver: opt(str()),
  bondMaster: opt(
    obj({
      mode: opt(str()),
      xmitHashPolicy: opt(str()),
      lacpRate: opt(str()),
      miimon: opt(num()),
      updelay: opt(num()),
      downdelay: opt(num()),
      minLinks: opt(num()),
      adSelect: opt(str()),
      adLacpActive: opt(str()),
    }),
  ),
});
type LinkSpec = Infer<typeof linkSpec>;

function toLink(name: string, s: LinkSpec): LinkInfo {
  const l: LinkInfo = {
    name,
    index: s.index,
    mtu: s.mtu,
    operationalState: s.operationalState ?? 'unknown',
    linkState: s.linkState ?? false,
  };
  if (s.speedMbit !== undefined && s.speedMbit !== SPEED_UNKNOWN && s.speedMbit >= 0) l.speedMbit = s.speedMbit;
  if (s.duplex) l.duplex = s.duplex;
  if (s.hardwareAddr) l.hardwareAddr = s.hardwareAddr.toLowerCase();
  if (s.permanentAddr) l.permanentAddr = s.permanentAddr.toLowerCase();
  if (s.masterIndex !== undefined && s.masterIndex !== 0) l.masterIndex = s.masterIndex;
  if (s.driver) l.driver = s.driver;
  return l;
}

function settings(m: NonNullable<LinkSpec['bondMaster']>): BondMasterSettings {
  const out: BondMasterSettings = {};
  for (const k of ['mode', 'xmitHashPolicy', 'lacpRate', 'adSelect'] as const) if (m[k] !== undefined) out[k] = m[k];
  for (const k of ['miimon', 'updelay', 'downdelay', 'minLinks'] as const) if (m[k] !== undefined) out[k] = m[k];
  if (m.adLacpActive === 'on' || m.adLacpActive === 'off') out.adLacpActive = m.adLacpActive;
  return out;
}

/**
 * Every bond among one node's LinkStatus resources, with its members. Resources of other types are
 * ignored; a LinkStatus whose spec lacks `index`/`mtu` is a ParseError naming the command.
 */
export function bondLinks(resources: readonly TalosResource[], command = 'talosctl get links'): BondLinks[] {
  const links: Array<{ info: LinkInfo; spec: LinkSpec }> = [];
  for (const r of resources) {
    if (!/^LinkStatuses\./.test(r.metadata.type)) continue;
    const parsed = check(linkSpec, r.spec);
    if (!parsed.ok) {
      throw new ParseError(command, `LinkStatus ${r.metadata.id}${r.node ? ` on ${r.node}` : ''}: ${pathText(parsed.path) || 'spec'} ${parsed.message}`);
    }
    links.push({ info: toLink(r.metadata.id, parsed.value), spec: parsed.value });
  }
  return links
    .filter((l) => l.spec.kind === 'bond')
    .map((b) => ({
      bond: b.info,
      settings: settings(b.spec.bondMaster ?? {}),
      slaves: links
        .filter((l) => l.info.masterIndex === b.info.index && l.spec.slaveKind === 'bond')
        .map((l) => l.info)
        .sort((x, y) => compareText(x.name, y.name)),
    }));
}
