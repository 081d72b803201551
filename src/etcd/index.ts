/**
 * The etcd room: member health from talosctl (observeEtcd), findings (etcdFindings), the choice of
 * a snapshot member, defragmentation one member at a time, and the native snapshot verifier
 * (sha256 trailer + bbolt meta pages). Other rooms import only from here.
 */
export type { EtcdLook, EtcdMember, EtcdServiceState } from './model.js';
export { NO_LEADER, memberById, leaderMember } from './model.js';
export { observeEtcd, controlPlaneNodes, type EtcdTalos, type ObserveOptions } from './observe.js';
export { etcdFindings, DEFAULT_RULES, type EtcdRuleOptions } from './rules.js';
export { chooseSnapshotMembers, activeAlarms, BLOCKING_ALARMS, type SnapshotCandidates } from './member-choice.js';
export { planDefrag, type DefragStep } from './defrag-plan.js';
export { runDefrag, talosDefrag, type DefragEvent, type DefragMember, type DefragRun } from './defrag.js';
export { talosOptionsFor } from './talos-options.js';
export { fnv1a64, readMetaPage, BBOLT_MAGIC, type MetaPage } from './bbolt-meta.js';
export {
  SnapshotVerifier, checkSnapshotBytes, TRAILER_BYTES, type SnapshotCheck, type SnapshotProblem, type SnapshotProblemCode,
} from './snapshot-check.js';
export { verifySnapshotFile, READ_CHUNK } from './snapshot-file.js';
export {
  humanBytes, statusRows, statusColumns, memberRows, memberColumns, alarmRows, alarmColumns, type StatusRow, type MemberRow, type AlarmRow,
} from './report.js';
export { loadPreviousLooks, saveLooks } from './look-store.js';
export { etcdScreenLines, type EtcdScreenData, type EtcdScreenCluster, type EtcdBackupSummary, type EtcdLine, type EtcdSegment } from './screen-model.js';
