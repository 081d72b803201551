/** Scrolling a block of lines (Overview, node detail) with the same `list.*` commands as tables. */
import { useCallback, useReducer } from 'react';

export interface ScrollAction {
  command: string;
  total: number;
  height: number;
}

export const maxOffset = (total: number, height: number) => Math.max(0, total - Math.max(1, height));

export function scrollReducer(offset: number, a: ScrollAction): number {
  const max = maxOffset(a.total, a.height);
  const at = Math.min(offset, max);
  switch (a.command) {
    case 'list.up': return Math.max(0, at - 1);
    case 'list.down': return Math.min(max, at + 1);
    case 'list.pageUp': return Math.max(0, at - a.height);
    case 'list.pageDown': return Math.min(max, at + a.height);
    case 'list.home': return 0;
    case 'list.end': return max;
    default: return at;
  }
}

/** Offset into `total` lines shown `height` at a time; clamped again when the text shrinks. */
export function useLineScroll(total: number, height: number) {
  const [offset, dispatch] = useReducer(scrollReducer, 0);
  const command = useCallback(
    (id: string): boolean => {
      if (!id.startsWith('list.')) return false;
      dispatch({ command: id, total, height });
      return true;
    },
    [total, height],
  );
  return { offset: Math.min(offset, maxOffset(total, height)), command };
}
