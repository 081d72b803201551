/**
 * Runs `plat backup drill|restore-plan|schedule --emit cronjob` through a yargs root built like
 * src/cli/main.ts (global flags, the io/run middleware, strict parsing, typed errors → exit
 * codes), with the commands of commands/backup-recovery.ts registered under `backup` — until the
 * lead wires them into commands/backup.ts and the built CLI can run them.
 */
import { Writable } from 'node:stream';
import { backupRecoveryCommands, cronJobScheduleOptions, emitCronJob } from '../../commands/backup-recovery.js';
import { outputFormats } from '../../src/cli/index.js';
import { reportError } from '../../src/cli/report.js';

export interface RecoveryRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function platRecovery(argv: string[], opts: { env: NodeJS.ProcessEnv; cwd: string }): Promise<RecoveryRun> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (c: Buffer | string, _e, cb) => (add(String(c)), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: opts.env, cwd: opts.cwd };
  const run = { exitCode: 0 };
  try {
    const { default: yargs } = await import('yargs');
    await yargs(argv)
      .option('config', { type: 'string', global: true })
      .option('cluster', { type: 'string', array: true, global: true })
      .option('output', { alias: 'o', choices: outputFormats, default: 'table', global: true })
      .middleware((a) => {
        (a as Record<string, unknown>).__run = run;
        (a as Record<string, unknown>).__io = io;
      })
      .command({
        command: 'backup <action>',
        describe: 'backups',
        builder: (y) =>
          y
            .command(backupRecoveryCommands)
            .command({ command: 'schedule', describe: 'schedule', builder: (b) => cronJobScheduleOptions(b.option('emit', { choices: ['cronjob'] as const })), handler: emitCronJob }),
        handler: () => undefined,
      })
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        if (err) throw err;
        throw new Error(msg);
      })
      .parseAsync();
    return { code: run.exitCode, stdout, stderr };
  } catch (e) {
    const code = reportError(e, { verbose: false, colour: false, write: (s) => void (stderr += s) });
    return { code, stdout, stderr };
  }
}
