import { useMemo } from 'react';
import type { FleetState } from '../../../src/fleet/index.js';
import { useLineScroll } from '../../scroll-model.js';
import type { Line } from '../../segments.js';
import { nodeDetailLines } from './node-detail-lines.js';

export interface NodeRef {
  cluster: string;
  name: string;
}

/** The drill-down's lines for the live state of one node, windowed to `height`. */
export function useNodeDetail(state: FleetState, target: NodeRef | undefined, width: number, height: number) {
  const clusterIndex = target ? state.clusters.findIndex((c) => c.name === target.cluster) : -1;
  const node = target ? state.clusters[clusterIndex]?.nodes.find((n) => n.name === target.name) : undefined;
  const lines = useMemo((): Line[] => {
    if (!target) return [];
    if (!node) return [[{ text: `${target.name} is no longer reported by cluster ${target.cluster}`, tone: 'warn' }]];
    return nodeDetailLines(node, clusterIndex, width);
  }, [node, clusterIndex, width, target]);
  const scroll = useLineScroll(lines.length, height);
  return { visible: lines.slice(scroll.offset, scroll.offset + height), command: scroll.command };
}
