/** The lab's router stand-in: an SSH server answering vtysh / gobgp from the twin's BGP state. */
export { startRouterStandIn, type RouterStandIn, type RouterStandInOptions } from './stand-in.js';
export { answerRouterCommand, type CommandAnswer, type RouterFlavor } from './router-commands.js';
export { createRouterModel, type FixedRouterModel } from './fixed-model.js';
export type { BgpFsmState, RouterModel, RouterNeighbor } from './types.js';
