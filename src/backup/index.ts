/**
 * The backup room: the `plat backup run` pipeline (runBackup, an async generator of events),
 * the catalog, retention (pure, restic semantics), the schedule (cron-parser), the lock, list,
 * verify, prune and status; age encryption (encrypt*.ts) and destinations — local dirs and SFTP
 * servers with their own catalog and retention (destinations/). Other rooms import only from here.
 */
export { runBackup, type BackupRunOptions, type BackupTalos, type BackupRunEvent, type BackupRunOutcome } from './pipeline.js';
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
export { humanAge, inventoryColumns, pruneLines, scheduleLines, statusColumns as backupStatusColumns } from './report.js';
export { collectEtcdScreen, type EtcdScreenSourceOptions } from './etcd-screen-source.js';
// Restore drill, restore plan and the in-cluster CronJob (issue 7).
export { runDrill, drillLogLine, type DrillEvent, type DrillRunOptions, type DrillRunResult } from './drill.js';
export { findDrillTools, type DrillTools } from './drill-tools.js';
export { readDrills, lastDrill, drillCell, DRILLS_FILE, type DrillRecord } from './drill-record.js';
export type { DecryptFile } from './drill-source.js';
export { restorePlan, type RestorePlan, type RestoreStep, type RestoreBackup } from './restore-plan.js';
export { restorePlanText } from './restore-plan-text.js';
export { chooseRestoreBackup } from './restore-plan-source.js';
export { cronJobBundle, type CronJobBundle, type CronJobOptions, type KubeDoc } from './cronjob.js';
export { cronJobYaml } from './cronjob-yaml.js';
export { cronJobProblems } from './cronjob-check.js';
export { sealFile, openFile, type SealedFile, type CryptFileOptions } from './encrypt.js';
export { startSealing, openingKey, AgeOpenFailed, type SealingStart } from './encrypt-keys.js';
export { decryptBackup, type DecryptRequest, type DecryptResult } from './encrypt-file.js';
export { readAgeIdentities, parseAgeIdentities } from './encrypt-identity.js';
export { readAgeHeader, sealedSizeProblem, type AgeHeaderShape } from './encrypt-header.js';
export { storedFileName, parseStoredName, SEALED_SUFFIX, type StoredName } from './encrypt-names.js';
export { sealedFileProblems } from './verify-stored.js';
export { openDestination, type DestinationEnv } from './destinations/open.js';
export type { DestinationStore, DestinationConfig, StoredFile, HashMethod, TransferHooks } from './destinations/store.js';
export { deliverToDestination, type DeliverOptions } from './destinations/deliver.js';
export { shipBackup, type ShipStep, type ShipOptions, type Shipped } from './destinations/ship.js';
export { selectForDestination, type Every, type Selection } from './destinations/selection.js';
export { readDestinationCatalog, updateDestinationCatalog, type DestinationCatalog } from './destinations/catalog.js';
export { planDestinationPrune, applyDestinationPrune, destinationStaleAfter, type DestinationPrunePlan } from './destinations/retention.js';
export { listDestination, verifyDestination, type DestinationInventory, type DestinationCheck } from './destinations/inventory.js';
export { destinationLogLine, destinationSummary, runEventLine, isDestinationEvent, type DestinationEvent, type DestinationOutcome } from './destinations/events.js';
export { checkColumns, type CheckRow } from './destinations/report.js';
export { lockDestination, DESTINATION_LOCK, DESTINATION_LOCK_STALE_MS } from './destinations/lock.js';
