import { describe, expect, it } from 'vitest';
import type { BgpPair, ClusterBgpSide } from './bgp/model.js';
import type { NodeBond } from './bond/model.js';
import { bgpRow, bondRow, poolRows } from './rows.js';

const at = Date.parse('2026-11-27T12:00:00Z');
const nb = (over: Partial<NodeBond>): NodeBond => ({ cluster: 'apps', node: 'apps-02', address: '10.25.11.15', bondName: 'bond0', at, errors: {}, ...over });
const pair: BgpPair = { cluster: 'apps', node: 'apps-02', nodeIp: '10.25.11.15', peerAddress: '10.25.11.1', routerKnown: true };
const side = (over: Partial<ClusterBgpSide> = {}): ClusterBgpSide => ({ cluster: 'apps', nodes: [], expectedPeers: [], ...over });
const intent = { clusterConfigs: [], peerConfigs: [], advertisements: [], legacyPolicies: [] };

describe('rows', () => {
  it('bond rows for a missing bond and for a node that did not answer', () => {
    expect(bondRow(nb({ links: null }))).toMatchObject({ state: '✗ missing', tone: 'error' });
    expect(bondRow(nb({ errors: { procfs: 'talosctl read: connection refused' } }))).toMatchObject({ state: '? unknown', slaves: 'talosctl read: connection refused' });
  });

  it('BGP cells say why a view is empty', () => {
    expect(bgpRow(pair, side({ cilium: { nodes: [], intent } }), 'read', at)).toMatchObject({ cilium: '— no session', ciliumTone: 'warn', router: '— no neighbor', routerTone: 'warn' });
    expect(bgpRow(pair, side({ error: 'unreachable' }), 'error', at)).toMatchObject({ cilium: '? unread', router: '? unread' });
    expect(bgpRow(pair, side({ cilium: { nodes: [], intent: { ...intent, legacyPolicies: [{ name: 'p', routers: [] }] } } }), 'none', at)).toMatchObject({
      cilium: 'legacy policy: no status',
      router: 'not read (no router in plat.yaml)',
    });
    expect(bgpRow({ ...pair, routerKnown: false }, side(), 'read', at).router).toBe('not read (another router)');
  });

  it('pool rows: unknown counts, nearly full, conflict, pending Service', () => {
    const r = poolRows({
      at,
      findings: [],
      clusters: [
        {
          cluster: 'apps',
          configured: [],
          pools: [
            { cluster: 'apps', name: 'a', blocks: [{ cidr: '10.25.11.128/28' }], disabled: false, total: 16 },
            { cluster: 'apps', name: 'b', blocks: [{ start: '10.25.12.1', stop: '10.25.12.10' }], disabled: false, total: 10, available: 1 },
            { cluster: 'apps', name: 'c', blocks: [], disabled: false, conflict: 'overlap' },
          ],
          services: [{ cluster: 'apps', namespace: 'default', name: 'web', ips: [], ipam: { status: 'False', reason: 'out_of_ips', message: '' } }],
        },
        { cluster: 'infra', configured: [{ cluster: 'infra', name: 'x', blocks: [{ start: '10.25.11.100', stop: '10.25.11.119' }], disabled: false }], error: 'unreachable' },
      ],
    });
    expect(r.pools.map((p) => [p.pool, p.usage, p.state])).toEqual([
      ['a', '?/16', '✓ ok'],
      ['b', '9/10', '▲ nearly full'],
      ['c', '?', '✗ conflict'],
      ['?', '', '? unread'],
    ]);
    expect(r.services).toEqual([{ cluster: 'apps', service: 'default/web', ips: '', state: '▲ pending (out_of_ips)', tone: 'warn' }]);
  });
});
