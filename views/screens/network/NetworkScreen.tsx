/**
 * Network: per node one line for the bond (slaves, LACP, MTU) and one per BGP session with both
 * views (Cilium ↔ router); Enter opens the full procfs and session detail. The data is the
 * NetworkSnapshot the fleet carries as `state.network` (src/network collectNetwork); the lines
 * come from the network room's pure view model, this component only windows and paints them.
 */
import { useMemo, useReducer, useState } from 'react';
import type { FleetState } from '../../../src/fleet/index.js';
// The room's pure view model, not its door: the door also carries the router parsers' zod schemas,
// which the first frame has no use for (the network panel loads them with its data).
import { itemHeight, networkDetailLines, networkItems, networkListLines, type NetworkNodeItem } from '../../../src/network/screen-model.js';
import type { NetworkSnapshot } from '../../../src/network/index.js';
import { LineView } from '../../components/LineView.js';
import type { KeyBinding } from '../../keys.js';
import { useLineScroll } from '../../scroll-model.js';
import type { Line } from '../../segments.js';
import { parseFilter } from '../../table/table-model.js';
import type { ScreenDef, ScreenProps } from '../../types.js';
import { useScreenCommands } from '../../useScreenCommands.js';

const SCOPES = ['network', 'list', 'filterable'] as const;
const DETAIL_SCOPES = ['network-detail', 'list'] as const;

/** Selection over items; `count` and `page` come with each command so the state stays an index. */
function selectionReducer(at: number, a: { command: string; count: number; page: number }): number {
  const last = Math.max(0, a.count - 1);
  const i = Math.min(at, last);
  switch (a.command) {
    case 'list.up': return Math.max(0, i - 1);
    case 'list.down': return Math.min(last, i + 1);
    case 'list.pageUp': return Math.max(0, i - a.page);
    case 'list.pageDown': return Math.min(last, i + a.page);
    case 'list.home': return 0;
    case 'list.end': return last;
    default: return i;
  }
}

/** Items a page moves by: as many as fit the height on average (a node with findings takes more lines). */
function pageOf(items: readonly NetworkNodeItem[], height: number): number {
  const lines = items.reduce((n, it) => n + itemHeight(it), 0);
  return Math.max(1, Math.floor(height / Math.max(1, lines / Math.max(1, items.length))));
}

function NetworkScreen({ state, height, filter, input, setScopes }: ScreenProps) {
  const snapshot = (state as FleetState & { network?: NetworkSnapshot }).network;
  const all = useMemo(() => (snapshot ? networkItems(snapshot) : []), [snapshot]);
  const items = useMemo(() => {
    const parsed = parseFilter(filter);
    return parsed ? all.filter((it) => it.key.toLowerCase().includes(parsed.needle) !== parsed.invert) : all;
  }, [all, filter]);
  const [at, dispatch] = useReducer(selectionReducer, 0);
  const selected = Math.min(at, Math.max(0, items.length - 1));
  const [detailKey, setDetailKey] = useState<string | undefined>(undefined);
  const detailItem = detailKey ? all.find((it) => it.key === detailKey) : undefined;
  const detail = useMemo(
    (): Line[] => (detailKey ? (detailItem && snapshot ? networkDetailLines(detailItem, snapshot.at) : [[{ text: `${detailKey} is no longer reported`, tone: 'warn' }]]) : []),
    [detailKey, detailItem, snapshot],
  );
  const scroll = useLineScroll(detail.length, height);
  const list = useMemo((): Line[] => (snapshot ? networkListLines(items, selected, height) : [[{ text: 'Network: syncing… (bonds, BGP and pools not read yet)', tone: 'pending' }]]), [snapshot, items, selected, height]);

  useScreenCommands(input, (id) => {
    if (id === 'network.open') {
      const it = items[selected];
      if (!it) return;
      scroll.command('list.home');
      setDetailKey(it.key);
      return setScopes(DETAIL_SCOPES);
    }
    if (id === 'network.back') {
      setDetailKey(undefined);
      return setScopes(SCOPES);
    }
    if (detailKey) scroll.command(id);
    else dispatch({ command: id, count: items.length, page: pageOf(items, height) });
  });

  if (detailKey) return <LineView lines={detail.slice(scroll.offset, scroll.offset + height)} height={height} />;
  return <LineView lines={list} height={height} />;
}

const KEYS: KeyBinding[] = [
  { id: 'network.open', keys: ['enter'], description: 'bond and BGP details of the node', hint: 'details', scope: 'network', visibleInFooter: true },
  { id: 'network.back', keys: ['escape'], description: 'back to the network list', hint: 'back', scope: 'network-detail', visibleInFooter: true },
];

export const networkScreen: ScreenDef = {
  id: 'network',
  title: 'Network',
  key: '3',
  aliases: ['net', 'bgp', 'bonds'],
  scopes: SCOPES,
  keys: KEYS,
  scopeTitles: { 'network-detail': 'Network detail' },
  component: NetworkScreen,
};
