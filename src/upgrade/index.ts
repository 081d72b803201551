/**
 * The upgrade room: runbooks (schema, loader with file:line errors), the planner, the gated
 * engine with its fsynced journal and resume, `plat upgrade` runbooks made in memory, and the
 * Runbooks screen's data and view model. Other rooms import only from here.
 */
export { runbookSchema, stepSchema, checkSchema, STEP_KINDS, CHECK_NAMES, DEFAULT_GATES, type Runbook, type RunbookStep, type CheckSpec, type CheckName, type StepKind } from './schema.js';
export { parseRunbook, loadRunbookFile, type LoadedRunbook } from './load.js';
export { installerVersion, upgradePathProblem, talosctlBehaviour, sameVersion, durationMs, type TalosctlBehaviour } from './versions.js';
export { plannedUnits, predictedOrder, nextNode, runPreconditions, needsFlux, unitId } from './plan.js';
export { planRunbook, planLines, type PlanReport, type PlanStep, type PlanUnit } from './plan-report.js';
export { eventLine, EXIT_OF, type RunEvent, type RunEventBody, type RunResult, type PlannedUnit, type CheckOutcome, type UnitResult } from './events.js';
export { runRunbook, type RunOptions } from './engine.js';
export { upgradePlatform, type UpgradePlatform, type PlatformOptions, type ClusterFacts } from './platform.js';
export { Journal, readJournal, listJournals, findJournal, runsDir, newRunId } from './journal.js';
export { lockCluster, readRunLock, runAlive } from './run-lock.js';
export { foldRun, type RunSummary, type UnitSummary, type GateSummary, type RunState, type UnitState } from './run-state.js';
export { collectRunbooks, type RunbooksScreenData } from './runs.js';
export { runbookScreenLines, type RunbookLine, type RunbookSegment, type RunbookTone } from './screen-model.js';
export { fluxPortFor, type FluxPort, type FluxSelector, type FluxNotReady, type FluxReconcileResult } from './flux-port.js';
export { talosUpgradeRunbook, k8sUpgradeRunbook } from './generate.js';
export { startRun, resumeRun, platformFor, stateDirOf, backupDirOf, clusterOf, type Session, type SessionOptions } from './session.js';
export { kubeletRestartStalled } from './step-k8s.js';
export { quorumProblem } from './step-talos.js';
