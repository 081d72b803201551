import { paint } from './style.js';

/** The fleet printers' colour hooks, bound to plat's theme tokens (plain when colour is off). */
export const cliStyler = {
  ok: (s: string) => paint('ok', s),
  warn: (s: string) => paint('warn', s),
  error: (s: string) => paint('error', s),
  pending: (s: string) => paint('pending', s),
  muted: (s: string) => paint('muted', s),
  bold: (s: string) => paint('bold', s),
};
