/** Version helpers: Talos tags (v1.11.5) and Kubernetes gitVersions (v1.34.1, v1.34.1+k3s…). */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

export function parseVersion(v: string | undefined): SemVer | undefined {
  if (!v) return undefined;
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw: v };
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Minor-version distance (same major assumed; a major change counts as many minors). */
export function minorDistance(a: SemVer, b: SemVer): number {
  return (a.major - b.major) * 100 + (a.minor - b.minor);
}
