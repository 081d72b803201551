/**
 * The backup room: the `plat backup run` pipeline (runBackup, an async generator of events),
 * the catalog, retention (pure, restic semantics), the schedule (cron-parser), the lock, list,
 * verify, prune and status. Other rooms import only from here.
 */
export { runBackup, type BackupRunOptions, type BackupTalos } from './pipeline.js';
export { logLine, summaryLine, mb, type BackupEvent, type BackupRunResult, type ClusterOutcome } from './events.js';
export { parseCatalog, serializeCatalog, type CatalogEntry, type CatalogProblem } from './catalog.js';
export { readCatalog, updateCatalog, appendCatalog, CATALOG_FILE, type Catalog } from './catalog-file.js';
export { planRetention, isEmptyPolicy, type RetentionPolicy, type RetentionItem, type RetentionDecision, type RetentionPlan, type RetentionContext } from './retention.js';
export { bucketLabel, isoWeek, zonedParts, minusDuration } from './calendar.js';
export { scheduleInfo, crontabLine, systemdUnits, onCalendar, type ScheduleInfo } from './schedule.js';
export { acquireLock, LOCK_FILE, type BackupLock, type LockInfo } from './lock.js';
export { backupFileName, parseBackupFileName, utcStamp, type BackupName, type Compression } from './names.js';
export { storeSnapshot, SnapshotRejected, DiskError, GZIP_LEVEL, type StoredBackup } from './store.js';
export { takeSnapshot, DEFAULT_LIMITS, type SnapshotLimits, type SnapshotTalos } from './snapshot-runner.js';
export { verifyStoredFile, type StoredCheck } from './verify-stored.js';
export { listBackups, verifyBackups, type Inventory, type InventoryRow, type BackupState, type VerifyResult } from './inventory.js';
export { planPrune, applyPrune, type PrunePlan } from './prune.js';
export { clusterStatus, type ClusterBackupStatus, type RunRecord, type StatusFile } from './status.js';
export { readStatusFile, STATUS_FILE } from './status-file.js';
export { backupState, type BackupStateView } from './state.js';
export { humanAge, inventoryColumns, verifyColumns, pruneLines, scheduleLines, statusColumns as backupStatusColumns } from './report.js';
export { collectEtcdScreen, type EtcdScreenSourceOptions } from './etcd-screen-source.js';
