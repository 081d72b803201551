/**
 * Everything `plat` (the dashboard) and `plat demo` load after the CLI core, in one module:
 * scripts/bundle/build.mjs bundles it with Ink, React, Yoga and the fleet rooms into
 * dist/dashboard.mjs, because resolving and linking those ~300 ES modules one by one cost more
 * than half a second before the first frame.
 */
export { renderDashboard } from './index.js';
export { dashboardSession } from '../src/fleet/index.js';
export { realClock } from '../src/lab/clock.js';
