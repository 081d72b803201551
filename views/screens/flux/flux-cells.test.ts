import { describe, expect, test } from 'vitest';
import { pathFit, tailFit } from './flux-cells.js';

describe('cutting identities to a column', () => {
  test('a path keeps its end whole; a sliver of a segment goes with it', () => {
    expect(pathFit('flux-system/apps', 20)).toBe('flux-system/apps');
    expect(pathFit('flux-system/infra-configs', 24)).toBe('…ux-system/infra-configs');
    expect(pathFit('ks/flux-system/infra-configs', 19, 'ks/')).toBe('ks/…/infra-configs');
    expect(pathFit('refs/heads/main@sha1:9b1e4d2c', 20)).toBe('…/main@sha1:9b1e4d2c');
    // No room for the whole end: the end, cut from the front.
    expect(pathFit('ocirepo/cert-manager/cert-manager', 19, 'ocirepo/')).toBe('ocirepo/…rt-manager');
  });
  test('too narrow for a head and an ellipsis: cut from the end', () => {
    expect(tailFit('helmrepo/flux-system/podinfo', 10, 'helmrepo/')).toBe('helmrepo/…');
    expect(tailFit('abc', 3)).toBe('abc');
    expect(tailFit('abcdef', 5)).toBe('…cdef');
  });
});
