/**
 * etcd: per cluster the members (role, DB size, in use, applied index), the leader, alarms, the
 * backup state (newest verified backup and its age, next run, what retention keeps) and the
 * findings. The data is the EtcdScreenData the fleet carries as `state.etcd` (src/backup
 * collectEtcdScreen); the lines come from the etcd room's pure view model; this component only
 * scrolls and paints them.
 */
import { useMemo } from 'react';
import type { FleetState } from '../../../src/fleet/index.js';
import { etcdScreenLines, type EtcdScreenData } from '../../../src/etcd/index.js';
import { LineView } from '../../components/LineView.js';
import { useLineScroll } from '../../scroll-model.js';
import type { Line } from '../../segments.js';
import { parseFilter } from '../../table/table-model.js';
import type { ScreenDef, ScreenProps } from '../../types.js';
import { useScreenCommands } from '../../useScreenCommands.js';

function EtcdScreen({ state, width, height, filter, input }: ScreenProps) {
  const data = (state as FleetState & { etcd?: EtcdScreenData }).etcd;
  const shown = useMemo((): EtcdScreenData | undefined => {
    const parsed = parseFilter(filter);
    if (!data || !parsed) return data;
    return { ...data, clusters: data.clusters.filter((c) => c.look.cluster.toLowerCase().includes(parsed.needle) !== parsed.invert) };
  }, [data, filter]);
  const lines = useMemo((): Line[] => etcdScreenLines(shown, width), [shown, width]);
  const scroll = useLineScroll(lines.length, height);
  useScreenCommands(input, (id) => void scroll.command(id));
  return <LineView lines={lines.slice(scroll.offset, scroll.offset + height)} height={height} />;
}

export const etcdScreen: ScreenDef = {
  id: 'etcd',
  title: 'etcd',
  key: '4',
  aliases: ['backup', 'backups'],
  scopes: ['etcd', 'list', 'filterable'],
  component: EtcdScreen,
};
