/**
 * At most a few talosctl processes at once in one plat process. The dashboard's first look starts
 * every panel together (nodes, network, etcd: two dozen talosctl calls); spawned all at once, they
 * compete with plat itself for the CPU — each spawn waits for its child to exec — and keys typed
 * in the first seconds waited over a second. Calls queue in order instead; talosctl's own work is
 * mostly waiting on the nodes, so a few at a time lose nothing. Following logs (`-f`) does not
 * take a slot: it runs until the operator stops it.
 */
import { Slots } from '../conventions/index.js';

/** Shared by every TalosClient in the process. */
export const talosctlSlots = new Slots(4);
