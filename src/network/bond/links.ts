/**
 * Bonds from Talos LinkStatus resources (`talosctl get links -o json`, LinkStatusSpec in
 * pkg/machinery/resources/network/link_status.go). A bond master has `kind: bond` and a
 * `bondMaster` block; its members have `slaveKind: bond` and `masterIndex` = the bond's `index`.
 * omitempty fields vanish when zero, so nearly everything is optional here.
 */
import { z } from 'zod';
import { ParseError, excerpt } from '../../errors/index.js';
import type { TalosResource } from '../../talos/index.js';
import type { BondLinks, BondMasterSettings, LinkInfo } from './model.js';

/** ethtool's SPEED_UNKNOWN (-1 as uint32), printed for links without carrier. */
const SPEED_UNKNOWN = 4294967295;

const linkSpec = z.looseObject({
  index: z.number().int(),
  mtu: z.number().int(),
  operationalState: z.string().optional(),
  linkState: z.boolean().optional(),
  speedMbit: z.number().optional(),
  duplex: z.string().optional(),
  hardwareAddr: z.string().optional(),
  permanentAddr: z.string().optional(),
  masterIndex: z.number().int().optional(),
  kind: z.string().optional(),
  slaveKind: z.string().optional(),
  driver: z.string().optional(),
  bondMaster: z
    .looseObject({
      mode: z.string().optional(),
      xmitHashPolicy: z.string().optional(),
      lacpRate: z.string().optional(),
      miimon: z.number().optional(),
      updelay: z.number().optional(),
      downdelay: z.number().optional(),
      minLinks: z.number().optional(),
      adSelect: z.string().optional(),
      adLacpActive: z.string().optional(),
    })
    .optional(),
});
type LinkSpec = z.infer<typeof linkSpec>;

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
    const parsed = linkSpec.safeParse(r.spec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ParseError(command, `LinkStatus ${r.metadata.id}${r.node ? ` on ${r.node}` : ''}: ${issue?.path.join('.') || 'spec'} ${issue ? excerpt(issue.message, 60) : 'is invalid'}`);
    }
    links.push({ info: toLink(r.metadata.id, parsed.data), spec: parsed.data });
  }
  return links
    .filter((l) => l.spec.kind === 'bond')
    .map((b) => ({
      bond: b.info,
      settings: settings(b.spec.bondMaster ?? {}),
      slaves: links
        .filter((l) => l.info.masterIndex === b.info.index && l.spec.slaveKind === 'bond')
        .map((l) => l.info)
        .sort((x, y) => x.name.localeCompare(y.name)),
    }));
}
