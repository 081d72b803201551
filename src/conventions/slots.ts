/**
 * At most `max` of something at once, the rest queued in order: talosctl processes
 * (src/talos/process-slots.ts), requests to one API server (src/kube/light-transport.ts).
 */
export class Slots {
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
