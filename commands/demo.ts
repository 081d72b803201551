import type { Argv, CommandModule } from 'yargs';
import { contextFrom, cliStyler } from '../src/cli/index.js';

export const demoCommand: CommandModule = {
  command: 'demo',
  describe: 'start the lab (a simulated two-cluster platform) and open the dashboard on it',
  builder: (y: Argv) => y.option('scenario', { type: 'string', default: 'healthy', describe: 'healthy | degraded | large' }),
  handler: async (argv) => {
    const ctx = contextFrom(argv);
    const { startLab } = await import('../src/lab/index.js');
    const lab = await startLab({ scenario: String(argv.scenario) });
    try {
      // The first backup taken, as on a platform whose backup job runs.
      ctx.log(`lab "${lab.scenario}" is up; taking the first backup of each cluster…`);
      for (const problem of await lab.takeBackups()) ctx.log(`warning: ${problem}`);
      const env = { ...ctx.env, ...lab.env };
      const { loadConfig } = await import('../src/config/index.js');
      const { config } = loadConfig({ flag: lab.env.PLAT_CONFIG, env, cwd: ctx.cwd });
      const clusters = ctx.selectClusters(config);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        const fleet = await import('../src/fleet/index.js');
        // No terminal (CI, a pipe): show what the dashboard would, once.
        const state = await fleet.lookAtFleet({ config, clusters, env, isReadOnly: (c) => ctx.isReadOnly(c), panels: true });
        ctx.out(fleet.formatStatus(state, cliStyler));
        ctx.log(`(no terminal: printed the status of lab "${lab.scenario}" instead of opening the dashboard)`);
        return;
      }
      const { runDashboard, forgetCi } = await import('./dashboard.js');
      forgetCi();
      const { dashboardSession, realClock, renderDashboard } = await import('../views/dashboard-bundle.js');
      const session = dashboardSession({ config, clusters, env, isReadOnly: (c) => ctx.isReadOnly(c), clock: realClock, intervalMs: 5_000 });
      await runDashboard({ ...session, readOnly: ctx.args.readonly, renderDashboard });
    } finally {
      await lab.stop();
    }
  },
};
