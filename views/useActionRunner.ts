/**
 * Runs a confirmed action (a node action, or one a screen brought) and turns its ActionEvent
 * stream into status-line messages. Started from the key handler (an event), never from an effect.
 */
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import type { ShellAction, StatusMessage } from './shell-state.js';
import type { ActionEvent, DashboardActions, ShellActionRequest } from './types.js';

const VERB = { reboot: 'reboot', shutdown: 'shutdown' } as const;
const GLYPH = { progress: '…', done: '✓', error: '✗' } as const;
const TONE = { progress: 'pending', done: 'ok', error: 'error' } as const;

export function useActionRunner(actions: DashboardActions, dispatch: Dispatch<ShellAction>) {
  const mounted = useRef(true);
  const running = useRef<AsyncIterator<ActionEvent> | undefined>(undefined);
  useEffect(
    () => () => {
      mounted.current = false;
      // Quitting the dashboard stops following the action (the request itself was already sent).
      void running.current?.return?.();
    },
    [],
  );

  return useCallback(
    async (req: ShellActionRequest): Promise<void> => {
      const who = req.kind === 'screen' ? req.label : `${VERB[req.kind]} ${req.node} (${req.cluster})`;
      const show = (tone: StatusMessage['tone'], text: string) => {
        if (mounted.current) dispatch({ type: 'status', status: { tone, text } });
      };
      dispatch({ type: 'busy', busy: true });
      show('pending', `… ${who}: starting`);
      try {
        const events = req.kind === 'screen' ? req.run() : req.kind === 'reboot' ? actions.reboot(req.cluster, req.node) : actions.shutdown(req.cluster, req.node);
        const it = events[Symbol.asyncIterator]();
        running.current = it;
        for (let r = await it.next(); !r.done && mounted.current; r = await it.next()) {
          show(TONE[r.value.type], `${GLYPH[r.value.type]} ${who}: ${r.value.message}`);
        }
      } catch (err) {
        show('error', `✗ ${who}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        running.current = undefined;
        if (mounted.current) dispatch({ type: 'busy', busy: false });
      }
    },
    [actions, dispatch],
  );
}
