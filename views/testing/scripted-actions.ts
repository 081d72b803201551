import type { ActionEvent, DashboardActions, NodeActionKind } from '../types.js';

/**
 * DashboardActions whose event streams the caller feeds by hand (push / end), recording every
 * call: lets a test watch the dashboard show each progress event as it arrives.
 */
export class ScriptedActions implements DashboardActions {
  readonly calls: { kind: NodeActionKind; cluster: string; node: string }[] = [];
  /** Streams that ended, by end(), an error or the consumer returning early. */
  closed = 0;
  private queue: (ActionEvent | null)[] = [];
  private waiting: ((ev: ActionEvent | null) => void) | undefined;

  reboot = (cluster: string, node: string) => this.start('reboot', cluster, node);
  shutdown = (cluster: string, node: string) => this.start('shutdown', cluster, node);

  push(ev: ActionEvent): void {
    this.deliver(ev);
  }
  end(): void {
    this.deliver(null);
  }

  private deliver(ev: ActionEvent | null): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w(ev);
    else this.queue.push(ev);
  }

  private next(): Promise<ActionEvent | null> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift()!);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private async *start(kind: NodeActionKind, cluster: string, node: string): AsyncGenerator<ActionEvent> {
    this.calls.push({ kind, cluster, node });
    try {
      for (;;) {
        const ev = await this.next();
        if (ev === null) return;
        yield ev;
      }
    } finally {
      this.closed++;
    }
  }
}
