/**
 * Typed errors shared by every room. Only src/cli maps them to exit codes and prints them
 * (DESIGN.md: 0 ok · 1 failed · 2 usage/config · 3 unhealthy · 4 locked · 5 gate refused · 130 interrupted).
 * Messages must never carry secrets: callers pass names and paths, never file contents or tokens.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5 | 130;

/**
 * Brand shared by every copy of this module: the CLI core runs from a bundle (fast start-up) while
 * other rooms load as ES modules, so `instanceof` across the two would fail.
 */
const BRAND = Symbol.for('plat.error');

export abstract class PlatError extends Error {
  abstract readonly exitCode: ExitCode;
  readonly [BRAND] = true;
  /** One line telling the user what to do next. */
  readonly hint: string | undefined;
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.hint = opts.hint;
  }
}

/** Something the user asked for cannot be done as asked (bad argument, unknown node…). Exit 2. */
export class UserError extends PlatError {
  readonly exitCode = 2 as const;
}

/** plat.yaml (or another config-like file: runbook, scenario) is missing or invalid. Exit 2. */
export class ConfigError extends PlatError {
  readonly exitCode = 2 as const;
  /** Each problem already formatted as `file:line:col path: message`. */
  readonly problems: string[];
  constructor(message: string, opts: { hint?: string; cause?: unknown; problems?: string[] } = {}) {
    super(message, opts);
    this.problems = opts.problems ?? [];
  }
}

/** A safety gate refused to act; nothing was changed. Exit 5. */
export class GateRefused extends PlatError {
  readonly exitCode = 5 as const;
}

/** Another run holds the lock. Exit 4. */
export class Locked extends PlatError {
  readonly exitCode = 4 as const;
}

/** The action ran and failed (a backup that could not be taken, a reconcile that failed…). Exit 1. */
export class ActionFailed extends PlatError {
  readonly exitCode = 1 as const;
}

/** The user interrupted (Ctrl-C / SIGTERM) after a safe point. Exit 130. */
export class Interrupted extends PlatError {
  readonly exitCode = 130 as const;
}

/**
 * Output from an outside program (talosctl, vtysh, gobgp…) could not be understood.
 * Names the command, never echoes more than a short, printable excerpt of the output.
 */
export class ParseError extends PlatError {
  readonly exitCode = 1 as const;
  readonly command: string;
  constructor(command: string, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(`${command}: ${message}`, opts);
    this.command = command;
  }
}

/** An outside system could not be reached (node, API server, router). Exit 1. */
export class Unreachable extends PlatError {
  readonly exitCode = 1 as const;
}

export function isPlatError(e: unknown): e is PlatError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** A ConfigError from any copy of this module (see BRAND). */
export function isConfigError(e: unknown): e is ConfigError {
  return isPlatError(e) && e.name === 'ConfigError' && Array.isArray((e as ConfigError).problems);
}

/** A short printable excerpt of foreign output for error messages (no control bytes, bounded). */
export function excerpt(text: string, max = 80): string {
  const clean = text.replace(/[^\x20-\x7e]+/g, '·').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * Last line of defence before anything reaches a terminal or a log: masks bearer tokens, PEM
 * blocks, `token:`/`password=` values and long base64 runs (talosconfig keys, kubeconfig data).
 * Callers still must not put secrets in messages; this catches what libraries echo back.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, '<redacted key>')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>')
    .replace(/\b(token|password|passphrase|secret|client-key-data|client-certificate-data|key|crt|ca)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2<redacted>')
    .replace(/[A-Za-z0-9+/]{40,}={0,2}/g, '<redacted>');
}
