import type { Argv, CommandModule } from 'yargs';
import { contextFrom } from '../src/cli/index.js';

const FAULTS = ['node-unreachable', 'bond-slave-down', 'lacp-partner-lost', 'mtu-wrong', 'bgp-down', 'etcd-member-down', 'etcd-alarm-nospace', 'flux-failing'] as const;

function faultCommand(action: 'fault' | 'heal'): CommandModule {
  return {
    command: `${action} <fault> <target>`,
    describe: action === 'fault' ? 'inject a fault into the running lab (target: a node such as apps-02, or ks/<ns>/<name>)' : 'heal a fault in the running lab',
    builder: (y: Argv) =>
      y
        .positional('fault', { choices: FAULTS, describe: 'what breaks' })
        .positional('target', { type: 'string', describe: 'node name (infra-01…apps-03) or Flux object ks/<ns>/<name>, hr/<ns>/<name>' })
        .option('dir', { type: 'string', describe: 'the lab dir (default: $PLAT_LAB_DIR from `plat lab up`)' }),
    handler: async (argv) => {
      const ctx = contextFrom(argv);
      const { labControlUrl, labFault } = await import('../src/lab/lab-control.js');
      const url = labControlUrl({ dir: argv.dir as string | undefined, env: ctx.env });
      const r = await labFault(url, action, String(argv.fault), String(argv.target));
      ctx.log(`${action === 'fault' ? 'injected' : 'healed'} ${argv.fault} on ${argv.target}; active faults: ${r.faults.length ? r.faults.map((f) => `${f.fault} ${f.target}`).join(', ') : 'none'}`);
    },
  };
}

export const labCommand: CommandModule = {
  command: 'lab <action>',
  describe: 'the simulated platform: up | fault | heal',
  builder: (y: Argv) =>
    y
      .command({
        command: 'up',
        describe: 'run the lab in the foreground until Ctrl-C and print the environment to point any tool at it',
        builder: (b: Argv) =>
          b.option('scenario', { type: 'string', default: 'healthy', describe: 'healthy | degraded | large | a path to a scenario file' }).option('dir', { type: 'string', describe: 'where to write kubeconfig, talosconfig, plat.yaml… (default: a temp dir)' }),
        handler: async (argv) => {
          const ctx = contextFrom(argv);
          const { startLab } = await import('../src/lab/index.js');
          const started = Date.now();
          const lab = await startLab({ scenario: String(argv.scenario), ...(argv.dir ? { dir: String(argv.dir) } : {}) });
          for (const [k, v] of Object.entries(lab.env)) ctx.out(`export ${k}=${shellQuote(v)}\n`);
          ctx.log(`lab "${lab.scenario}" ready in ${Date.now() - started} ms: ${lab.twin.clusters().map((c) => `${c.name} (${c.nodes.length} nodes)`).join(', ')}; router ssh on 127.0.0.1:${lab.router.port}`);
          // After "ready" (every endpoint answers): the first backup, as a platform whose job runs has one.
          const backupsFrom = Date.now();
          const problems = await lab.takeBackups();
          for (const problem of problems) ctx.log(`warning: the first backup: ${problem}`);
          ctx.log(`first backup of each cluster taken in ${Date.now() - backupsFrom} ms${problems.length ? ` (${problems.length} failed)` : ''}`);
          ctx.log('paste the export lines above into another shell to use plat, kubectl or talosctl on it; Ctrl-C stops the lab');
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await lab.stop();
          ctx.log('lab stopped');
        },
      })
      .command(faultCommand('fault'))
      .command(faultCommand('heal'))
      .demandCommand(1, 'say which: plat lab up | fault | heal'),
  handler: () => undefined,
};

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
