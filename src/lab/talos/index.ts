/**
 * The lab's talosctl stand-in: run talosctl command lines against the twin in-process
 * (runTalosctl / streamTalosctl), serve them over HTTP to the `talosctl` shim
 * (startTalosControl + writeTalosctlShim), and write the matching talosconfig.
 */
export { runTalosctl, streamTalosctl, type TalosctlContext, type TalosctlResult } from './run.js';
export type { Sink as TalosctlSink } from './session.js';
export { startTalosControl, stateSummary, type TalosControl, type RunRequest } from './control-server.js';
export { writeTalosctlShim, shimCommand } from './shim-writer.js';
export { writeTalosconfig, readTalosconfig, parseTalosconfig, talosconfigPath, type TalosconfigModel, type TalosconfigContext } from './talosconfig.js';
export { labSnapshot, shippedSnapshot, takeLiveSnapshot, type EtcdSnapshot } from './etcd-snapshot.js';
export { procNetBonding } from './bonding-procfs.js';
