/**
 * One command on an open ssh2 connection: collect stdout/stderr, wait for the exit status, give up
 * on timeout or abort by closing the channel (the connection itself stays usable).
 */
import type { Client } from 'ssh2';
import type { Clock } from '../lab/clock.js';
import { SshUnreachable } from './errors.js';

export interface ExecOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Send EOF on the command's stdin at once. Needed where the server may run something that
   * reads stdin instead of the command: with `ForceCommand internal-sftp` (SFTP-only accounts)
   * every exec starts an SFTP server that would otherwise wait for input forever.
   */
  endInput?: boolean;
}

export interface SshExecResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the remote process was killed by a signal. */
  code: number | null;
  /** Set when the remote process died from a signal, as ssh2 names it (`SIGTERM`, `SIGKILL`…). */
  signal?: string;
}

export function runExec(
  client: Client,
  command: string,
  o: { target: string; clock: Clock; timeoutMs: number; signal: AbortSignal | undefined; endInput?: boolean | undefined },
): Promise<SshExecResult> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(abortReason(o.signal));
    let settled = false;
    let channel: { close(): void } | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.clock.clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const giveUp = (err: unknown) =>
      settle(() => {
        channel?.close();
        reject(err);
      });
    const timer = o.clock.setTimeout(
      () => giveUp(new SshUnreachable(o.target, 'timeout', `${command} did not finish within ${o.timeoutMs} ms`)),
      o.timeoutMs,
    );
    const onAbort = () => giveUp(abortReason(o.signal));
    o.signal?.addEventListener('abort', onAbort, { once: true });

    client.exec(command, (err, stream) => {
      if (err) {
        return settle(() => reject(new SshUnreachable(o.target, 'protocol', `could not start ${command}: ${err.message}`, { cause: err })));
      }
      if (settled) return stream.close();
      channel = stream;
      if (o.endInput) stream.end();
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let code: number | null = null;
      let signal: string | undefined;
      let exited = false;
      stream.on('data', (d: Buffer) => out.push(d));
      stream.stderr.on('data', (d: Buffer) => errOut.push(d));
      stream.on('exit', (c: number | null, s?: string) => {
        exited = true;
        code = typeof c === 'number' ? c : null;
        if (s) signal = s;
      });
      stream.on('close', () => {
        // sshd always sends exit-status or exit-signal; a channel closing without either means the
        // connection went away under the command.
        if (!exited) return giveUp(new SshUnreachable(o.target, 'closed', `connection closed before ${command} finished`));
        settle(() =>
          resolve({
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
            code,
            ...(signal ? { signal } : {}),
          }),
        );
      });
    });
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r : new DOMException('The operation was aborted', 'AbortError');
}
