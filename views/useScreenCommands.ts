import { useLayoutEffect } from 'react';
import type { ScreenCommandHandler, ScreenInputPort } from './types.js';

/**
 * Hand the screen's command handler to the shell. The shell owns the only useInput; it resolves a
 * key through the registry and calls this handler with the command id. Re-registered after every
 * render so the handler always sees the current rows and selection.
 */
export function useScreenCommands(port: ScreenInputPort, handler: ScreenCommandHandler): void {
  useLayoutEffect(() => {
    port.current = handler;
    return () => {
      if (port.current === handler) port.current = undefined;
    };
  });
}
