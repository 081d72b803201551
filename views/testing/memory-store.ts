import type { FleetState } from '../../src/fleet/index.js';
import type { FleetStore } from '../types.js';

/** A FleetStore holding one state in memory (tests, and replaying a saved state). */
export class MemoryFleetStore implements FleetStore {
  private listeners = new Set<() => void>();
  constructor(private state: FleetState) {}
  getState = (): FleetState => this.state;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(state: FleetState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}
