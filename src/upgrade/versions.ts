/**
 * Versions an upgrade reasons about, and what changes with them (reference/talos.md "version
 * landmarks"). Pure.
 * - Talos installer images carry the target version as their tag
 *   (`ghcr.io/siderolabs/installer:v1.12.7`, `factory.talos.dev/installer/<id>:v1.12.7`).
 * - Talos and Kubernetes are upgraded one minor at a time: Talos' upgrade guide supports only the
 *   next minor, and `upgrade-k8s` refuses a skipped minor (`unsupported upgrade path "1.20->1.23"`, #4906).
 * - What the talosctl *client* version changes for plat: the LifecycleService path and client-side
 *   `--drain` from 1.13; per-node errors exit 1 from 1.14 (≤1.13 printed a WARNING and exited 0).
 */
import { compareVersions, minorDistance, type SemVer } from '../conventions/index.js';

export { compareVersions, minorDistance, type SemVer };

export function parseVersion(v: string | undefined): SemVer | undefined {
  const m = v ? /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(v) : null;
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' } : undefined;
}

const TAG = /^[a-z0-9][a-z0-9._\-/]*(?::\d+)?(?:\/[a-z0-9._\-]+)*:(v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:@sha256:[0-9a-f]{64})?$/;

/** The version tag of an installer image (`v1.12.7`), or undefined when the tag is not one. */
export function installerVersion(image: string): string | undefined {
  return TAG.exec(image)?.[1];
}

/** A Kubernetes release as `upgrade-k8s --to` takes it: `1.35.3` (a leading `v` is accepted). */
export const KUBERNETES_VERSION = /^v?\d+\.\d+\.\d+$/;

export function sameVersion(a: string | undefined, b: string | undefined): boolean {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return !!x && !!y && compareVersions(x, y) === 0;
}

/** Why going from `from` to `to` is not a supported single hop, or undefined when it is. */
export function upgradePathProblem(what: 'Talos' | 'Kubernetes', from: string | undefined, to: string): string | undefined {
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (!a || !b) return undefined;
  if (compareVersions(b, a) < 0) return `${to} is older than the running ${from}: plat does not downgrade ${what}`;
  if (minorDistance(b, a) > 1) return `${from} → ${to} skips a minor version: ${what} is upgraded one minor at a time (go to v${a.major}.${a.minor + 1}.x first)`;
  return undefined;
}

export interface TalosctlBehaviour {
  version: string;
  /** ≥1.13: `upgrade` uses the LifecycleService (image pull, client-side cordon/drain/uncordon, `--drain` default true). */
  lifecycle: boolean;
  /** ≥1.13: `--stage`, `--force`, `--preserve` are legacy-only and deprecated. */
  stageDeprecated: boolean;
  /** ≥1.14: a failed node in a multi-node call exits 1 (`error from node X`); ≤1.13 printed a WARNING and exited 0. */
  perNodeErrorsExit1: boolean;
}

/** What plat must expect from this talosctl client. `--preserve` is never passed: always on since 1.8. */
export function talosctlBehaviour(clientVersion: string | undefined): TalosctlBehaviour {
  const v = parseVersion(clientVersion);
  const atLeast = (minor: number) => !!v && (v.major > 1 || (v.major === 1 && v.minor >= minor));
  return { version: clientVersion ?? 'unknown', lifecycle: atLeast(13), stageDeprecated: atLeast(13), perNodeErrorsExit1: atLeast(14) };
}

/** `30m`, `90s`, `1h30m`-free plain durations: `<n>ms|s|m|h`. */
export const DURATION = /^(\d+)(ms|s|m|h)$/;

export function durationMs(d: string): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** A Go duration for talosctl's `--timeout` (whole seconds, at least 1s). */
export function goDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}
