export type * from './model.js';
export type { ClusterSources, TalosClusterView, TalosNodeView, KubeClusterView, KubeNodeView } from './sources.js';
export { mergeCluster, type ClusterInputs } from './merge.js';
export { collectFleet, type CollectOptions } from './collect.js';
export { FleetLiveStore, type LiveStoreOptions } from './live-store.js';
export { evaluateFindings, sortFindings, clusterVerdict, severityRank, humanDuration, ago, parseVersion, compareVersions, minorDistance, clusterRules, type ClusterRule } from './rules/index.js';
export { errorReason } from './reason.js';
export { formatStatus, formatFinding, nodeRows, statusExitCode, verdictLabel, clusterSummary, plainStyler, type Styler, type NodeRow } from './report.js';
