/** What every step of the engine gets, and how a step ends. */
import type { ClusterConfig } from '../config/index.js';
import { isPlatError, scrubSecrets } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';
import type { RunEventBody } from './events.js';
import type { UpgradePlatform } from './platform.js';
import type { Runbook } from './schema.js';
import type { TalosctlBehaviour } from './versions.js';

export interface EngineContext {
  id: string;
  runbook: Runbook;
  cluster: ClusterConfig;
  platform: UpgradePlatform;
  clock: Clock;
  /** Ctrl-C / SIGTERM: finish the unit at hand, then stop. */
  stop: AbortSignal;
  /** A second Ctrl-C: cut the unit at hand now (resume redoes it). */
  abort: AbortSignal;
  pause(message: string, signal: AbortSignal): Promise<'continue' | 'stop'>;
  allowExec: boolean;
  behaviour: TalosctlBehaviour;
}

export interface StepEnd {
  result: 'ok' | 'skipped';
  message: string;
}

export type StepGen = AsyncGenerator<RunEventBody, StepEnd>;

/** A step that cannot go on: `refused` changed nothing (exit 5), `failed` did (exit 1), `interrupted` 130. */
export class StepStop extends Error {
  constructor(
    readonly result: 'failed' | 'refused' | 'interrupted',
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** One printable line from any error (first line, secrets masked). */
export function reason(e: unknown): string {
  const text = isPlatError(e) || e instanceof Error ? e.message : String(e);
  return scrubSecrets(text.split('\n').find((l) => l.trim()) ?? text).trim();
}

export const resumeHint = (id: string, what?: string) => `${what ? `${what}, then ` : ''}plat runbook resume ${id}`;
