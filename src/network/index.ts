/**
 * The network room. For now only the router side of BGP: the BgpSession model, the parsers of
 * FRR / GoBGP JSON, and the adapter that reads a router over SSH.
 */
export { BGP_FSM_STATES, type BgpFsmState, type BgpSession, type RouterFlavor } from './router/model.js';
export { FRR_SUMMARY_COMMAND, parseFrrBgpSummary } from './router/frr-summary.js';
export { frrNeighborCommand, parseFrrBgpNeighbor } from './router/frr-neighbor.js';
export { GOBGP_NEIGHBORS_COMMAND, parseGobgpNeighbors } from './router/gobgp-neighbors.js';
export { ROUTER_COMMANDS, RouterCommandFailed, routerSessions } from './router/router-sessions.js';
