/**
 * The upgrade room: runbooks (schema, loader with file:line errors), the planner, the gated
 * engine with its fsynced journal and resume, `plat upgrade` runbooks made in memory, and the
 * Runbooks screen's data and view model. Other rooms import only from here; the door carries
 * what they use, the rest stays inside.
 */
export { runbookSchema } from './schema.js';
export { parseRunbook, loadRunbookFile, type LoadedRunbook } from './load.js';
export { planLines } from './plan-report.js';
export { eventLine, type RunEvent, type RunEventBody, type RunResult } from './events.js';
export type { UpgradePlatform } from './platform.js';
export { readJournal } from './journal.js';
export { foldRun } from './run-state.js';
export { collectRunbooks, collectRun, type RunbooksScreenData } from './runs.js';
export { runbookScreenLines } from './screen-model.js';
export { fluxPortFor, type FluxPort, type FluxNotReady } from './flux-port.js';
export { talosUpgradeRunbook, k8sUpgradeRunbook } from './generate.js';
export { startRun, resumeRun, planRun, platformFor, stateDirOf, clusterOf, type Session, type SessionOptions } from './session.js';
