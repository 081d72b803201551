/** Version helpers: Talos tags (v1.11.5) and Kubernetes gitVersions (v1.34.1, v1.34.1+k3s…), compared as src/conventions does. */
import { compareVersions, minorDistance, type SemVer } from '../../conventions/index.js';

export { compareVersions, minorDistance };

/** A version as found, with the text it was read from; lenient: a missing patch is 0, text around it is ignored. */
export interface FoundVersion extends SemVer {
  raw: string;
}

export function parseVersion(v: string | undefined): FoundVersion | undefined {
  if (!v) return undefined;
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?/.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), pre: m[4] ?? '', raw: v };
}
