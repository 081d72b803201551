/**
 * Release order of the versions Talos, Kubernetes and talosctl print (`v1.12.7`, `v1.13.0-beta.1`),
 * by SemVer 2.0.0 precedence (semver.org §11): major, minor, patch, then a pre-release sorts before
 * its release, and pre-releases compare field by field — numeric fields as numbers, below
 * alphanumeric ones, and a shorter run of equal fields first. So `alpha.2` < `alpha.10` < `beta`.
 * Build metadata (`+k3s1`) never reaches here: the parsers stop before it. Pure.
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** `beta.0` and the like, without the dash; '' for a release. */
  pre: string;
}

const NUMERIC = /^\d+$/;

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const pn = NUMERIC.test(p);
    const qn = NUMERIC.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    // By code unit, as compareText (index.ts); p and q differ here.
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

/** Minor-version distance (a major change counts as many minors). */
export function minorDistance(a: SemVer, b: SemVer): number {
  return (a.major - b.major) * 100 + (a.minor - b.minor);
}
