/**
 * A RouterModel held in memory: the router's BGP state when no twin drives it (tests, a stand-alone
 * stand-in). `update` changes a neighbor the way the twin would after a fault, stamping the state
 * change time when the state moves.
 */
import { UserError } from '../../errors/index.js';
import type { RouterModel, RouterNeighbor } from './types.js';

export interface FixedRouterModel extends RouterModel {
  update(peerAddress: string, patch: Partial<Omit<RouterNeighbor, 'peerAddress'>>): void;
}

export function createRouterModel(init: {
  routerId: string;
  localAs: number;
  hostname: string;
  neighbors: RouterNeighbor[];
  now?: () => number;
}): FixedRouterModel {
  const now = init.now ?? Date.now;
  const neighbors = init.neighbors.map((n) => ({ ...n }));
  return {
    routerId: init.routerId,
    localAs: init.localAs,
    hostname: init.hostname,
    now,
    neighbors: () => neighbors.map((n) => ({ ...n })),
    update(peerAddress, patch) {
      const n = neighbors.find((x) => x.peerAddress === peerAddress);
      if (!n) throw new UserError(`router model: no neighbor ${peerAddress}`);
      const moved = patch.state !== undefined && patch.state !== n.state;
      Object.assign(n, patch);
      if (moved && patch.stateSinceMs === undefined) n.stateSinceMs = now();
    },
  };
}
