import type { FluxActionRequest, FluxObjectAddress, FluxObjectDetail } from '../../src/fleet/index.js';
import type { ActionEvent, FluxScreenActions } from '../types.js';

/**
 * Flux actions whose event streams the test feeds by hand (push / end), recording every run and
 * every detail read; `detail` answers from `details` (by `ns/name`), or with nothing, or fails.
 */
export class ScriptedFluxActions implements FluxScreenActions {
  readonly runs: FluxActionRequest[] = [];
  readonly reads: FluxObjectAddress[] = [];
  details = new Map<string, FluxObjectDetail | Error>();
  private queue: (ActionEvent | null)[] = [];
  private waiting: ((ev: ActionEvent | null) => void) | undefined;

  push(ev: ActionEvent): void {
    this.deliver(ev);
  }
  end(): void {
    this.deliver(null);
  }

  detail = async (obj: FluxObjectAddress): Promise<FluxObjectDetail> => {
    this.reads.push(obj);
    const d = this.details.get(`${obj.namespace}/${obj.name}`) ?? { revisions: [], events: [] };
    if (d instanceof Error) throw d;
    return d;
  };

  run = (req: FluxActionRequest): AsyncIterable<ActionEvent> => {
    this.runs.push(req);
    return this.stream();
  };

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

  private async *stream(): AsyncGenerator<ActionEvent> {
    for (;;) {
      const ev = await this.next();
      if (ev === null) return;
      yield ev;
    }
  }
}
