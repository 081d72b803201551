import type { CommandModule } from 'yargs';
import { contextFrom } from '../src/cli/index.js';
import { setV8FlagAtRunTime } from '../src/conventions/index.js';
import type { DashboardActions, FleetStore } from '../views/index.js';

export const dashboardCommand: CommandModule = {
  command: ['dashboard', '$0'],
  describe: 'the live dashboard across clusters (the default when no command is given)',
  handler: async (argv) => {
    const ctx = contextFrom(argv);
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      const { UserError } = await import('../src/errors/index.js');
      throw new UserError('the dashboard needs a terminal', { hint: 'for scripts use: plat status, plat nodes (-o json)' });
    }
    const { config } = await ctx.loadConfig();
    const clusters = ctx.selectClusters(config);
    forgetCi();
    const { dashboardSession, realClock, renderDashboard } = await import('../views/dashboard-bundle.js');
    await runDashboard({ ...dashboardSession({ config, clusters, env: ctx.env, isReadOnly: (c) => ctx.isReadOnly(c), clock: realClock }), readOnly: ctx.args.readonly, renderDashboard });
  },
};

/**
 * Ink decides at import time that a CI environment gets no live frames (only the last one, at
 * exit). The dashboard only runs on a real terminal, so a CI variable in the operator's shell (or
 * a tmux started from a CI job) must not blank it: drop those variables before Ink loads.
 */
export function forgetCi(env: NodeJS.ProcessEnv = process.env): void {
  for (const k of Object.keys(env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete env[k];
}

/**
 * V8 grows the young generation up to 2 × 16 MiB when much of what is allocated survives — a
 * watch stream of 5,000 Flux objects does — and keeps it: ≈ 55 MiB of the dashboard's RSS on lab
 * `large` (issue 4: ≤ 150 MB), for a process that allocates little once it is running. The growth
 * factor is read each time V8 considers growing, so setting it once the first frame is out keeps
 * the young generation at the size start-up left it: more frequent but smaller scavenges (idle CPU
 * and keypresses were measured with it: scripts/bench/dashboard.ts).
 */
export function keepYoungGenerationSmall(): void {
  setV8FlagAtRunTime('--semi-space-growth-factor=1');
}

/** Render first (from whatever the store has: syncing), then start the sources; never the reverse. */
export async function runDashboard(opts: {
  store: FleetStore & { start(): void; stop(): void };
  actions: DashboardActions;
  readOnly: boolean;
  renderDashboard: typeof import('../views/index.js').renderDashboard;
}): Promise<void> {
  let ink: ReturnType<typeof opts.renderDashboard> | undefined;
  ink = opts.renderDashboard({ store: opts.store, actions: opts.actions, readOnly: opts.readOnly, onExit: () => ink?.unmount() });
  // After the first frame: start-up allocates a lot at once, and smaller scavenges would slow it.
  keepYoungGenerationSmall();
  opts.store.start();
  const stop = () => ink?.unmount();
  process.once('SIGTERM', stop);
  try {
    await ink.waitUntilExit();
  } finally {
    process.off('SIGTERM', stop);
    opts.store.stop();
  }
}
