/**
 * A table whose rows open into a detail (Nodes, Flux): which row is open, the key scopes that go
 * with it, and where a command the screen does not handle itself goes — to the open detail's
 * scroll, else to the table.
 */
import { useState } from 'react';

/** Anything that takes `list.*` commands: a table model, a detail's line scroll. */
export interface CommandTaker {
  command(id: string): unknown;
}

export interface DrillDown<T> {
  /** The open row, undefined while the table shows. */
  target: T | undefined;
  /** Open `next`, its detail scrolled to the top. */
  open(next: T, detail: CommandTaker): void;
  back(): void;
  pass(id: string, table: CommandTaker, detail: CommandTaker): void;
}

export function useDrillDown<T>(setScopes: (scopes: readonly string[]) => void, scopes: readonly string[], detailScopes: readonly string[]): DrillDown<T> {
  const [target, setTarget] = useState<T | undefined>(undefined);
  return {
    target,
    open(next, detail) {
      detail.command('list.home');
      setTarget(next);
      setScopes(detailScopes);
    },
    back() {
      setTarget(undefined);
      setScopes(scopes);
    },
    pass(id, table, detail) {
      (target === undefined ? table : detail).command(id);
    },
  };
}
