/**
 * The talos room: pure parsers of talosctl output, the per-node merge rules, and TalosClient
 * (the execa adapter). Other rooms import only from here.
 */
export type * from './types.js';
export { parseTable, expectColumns, tableRecords, type TalosTable } from './table.js';
export { parseResourceTable } from './resource-table.js';
export { splitJsonStream, parseResourceJson } from './json-stream.js';
export { parseResourceYaml } from './yaml-docs.js';
export { parseVersion } from './version.js';
export { parseServices, parseServiceDetail, parseGoDuration } from './services.js';
export { parseEtcdStatus, parseHumanBytes } from './etcd-status.js';
export { parseEtcdMembers, parseEtcdAlarms, parseEtcdSnapshot } from './etcd-members.js';
export { parseStderr, parseVersionSkew, shortReason, type StderrReport, type UnattributedError } from './stderr.js';
export { parseProgressLine, parseHealthLine } from './progress.js';
export {
  assertRan, classifyFailure, mergeNodeResults, mergeSingleNodeRuns, groupByNode, oneByNode, type RunOutcome,
} from './node-results.js';
export {
  buildArgs, commandName, type TalosGlobalFlags, type UpgradeOptions, type UpgradeK8sOptions, type LogsOptions,
} from './args.js';
export { TalosClient, type TalosClientOptions, type CallOptions, type VersionResults } from './client.js';
