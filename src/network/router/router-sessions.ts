/**
 * The router source: run the flavor's BGP command over an open SSH connection and parse it into
 * BgpSessions. Failures stay typed (SSH errors from src/ssh, RouterCommandFailed, ParseError) so
 * the caller can mark only the router source as failed while the cluster side still shows.
 */
import { ActionFailed, excerpt } from '../../errors/index.js';
import type { ExecOptions, SshConnection } from '../../ssh/index.js';
import { FRR_SUMMARY_COMMAND, parseFrrBgpSummary } from './frr-summary.js';
import { GOBGP_NEIGHBORS_COMMAND, parseGobgpNeighbors } from './gobgp-neighbors.js';
import type { BgpSession, RouterFlavor } from './model.js';

/** The command ran on the router but failed (not installed, daemon down, unknown command…). */
export class RouterCommandFailed extends ActionFailed {
  readonly target: string;
  readonly command: string;
  readonly code: number | null;
  constructor(target: string, command: string, code: number | null, output: string, hint?: string) {
    super(`router ${target}: ${command} exited ${code ?? 'on a signal'}${output ? `: "${excerpt(output)}"` : ''}`, hint ? { hint } : {});
    this.target = target;
    this.command = command;
    this.code = code;
  }
}

export const ROUTER_COMMANDS: Record<RouterFlavor, string> = {
  frr: FRR_SUMMARY_COMMAND,
  gobgp: GOBGP_NEIGHBORS_COMMAND,
};

export async function routerSessions(
  conn: SshConnection,
  flavor: RouterFlavor,
  opts: ExecOptions & { now?: () => number } = {},
): Promise<BgpSession[]> {
  const command = ROUTER_COMMANDS[flavor];
  const { now = Date.now, ...execOpts } = opts;
  const r = await conn.exec(command, execOpts);
  if (r.code !== 0) {
    // 127 is the shell's "command not found": usually the wrong flavor in plat.yaml.
    const binary = command.split(' ')[0];
    const other = flavor === 'frr' ? 'gobgp' : 'frr';
    const hint =
      r.code === 127
        ? `${binary} is not installed on ${conn.target} for this user; if the router runs ${other === 'frr' ? 'FRR' : 'GoBGP'}, set its flavor to '${other}' in plat.yaml`
        : undefined;
    // The last line says what failed; earlier ones are often noise from the login shell's rc files.
    const lastLine = (t: string) => t.trim().split('\n').filter((l) => l.trim()).pop() ?? '';
    throw new RouterCommandFailed(conn.target, command, r.code, lastLine(r.stderr) || lastLine(r.stdout), hint);
  }
  return flavor === 'frr' ? parseFrrBgpSummary(r.stdout, { now: now(), command }) : parseGobgpNeighbors(r.stdout, { now: now(), command });
}
