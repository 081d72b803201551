/**
 * At most a few talosctl processes at once in one plat process. The dashboard's first look starts
 * every panel together (nodes, network, etcd: two dozen talosctl calls); spawned all at once, they
 * compete with plat itself for the CPU — each spawn waits for its child to exec — and keys typed
 * in the first seconds waited over a second. Calls queue in order instead; talosctl's own work is
 * mostly waiting on the nodes, so a few at a time lose nothing. Following logs (`-f`) does not
 * take a slot: it runs until the operator stops it.
 */
export class ProcessSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  /**
   * Resolves with a release function once a slot is free, or at once when `signal` is (or gets)
   * aborted — the caller then runs into the aborted signal as it would have without the queue.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    const granted = (): (() => void) => {
      this.running++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.running--;
        this.waiting.shift()?.();
      };
    };
    if (this.running < this.max) return Promise.resolve(granted());
    if (signal?.aborted) return Promise.resolve(() => {});
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(() => {});
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(granted());
      };
      this.waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/** Shared by every TalosClient in the process. */
export const talosctlSlots = new ProcessSlots(4);
