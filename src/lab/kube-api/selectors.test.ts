import { describe, expect, it } from 'vitest';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { KubeObject } from './types.js';

const labels = { app: 'podinfo', tier: 'web', 'kustomize.toolkit.fluxcd.io/name': 'apps', replicas: '3' };
const match = (sel: string): boolean => matchesLabels(parseLabelSelector(sel), labels);

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=podinfo', true],
    ['app==podinfo', true],
    ['app!=podinfo', false],
    ['app!=other', true],
    ['missing!=x', true],
    ['app in (podinfo, other)', true],
    ['app in (other)', false],
    ['app notin (other,x)', true],
    ['app notin (podinfo)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['kustomize.toolkit.fluxcd.io/name=apps,tier in (web)', true],
    ['app=podinfo,tier=db', false],
    ['replicas>2', true],
    ['replicas<3', false],
  ])('%s → %s', (sel, want) => {
    expect(match(sel)).toBe(want);
  });

  it('treats an object without labels as having none', () => {
    expect(matchesLabels(parseLabelSelector('!app'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });

  it('rejects malformed requirements with the apiserver wording', () => {
    expect(() => parseLabelSelector('app in podinfo')).toThrow(/unable to parse requirement/);
    expect(() => parseLabelSelector('-bad-=x')).toThrow(/invalid label key "-bad-"/);
    expect(() => parseLabelSelector('replicas>x')).toThrow(/must be an integer/);
  });
});

describe('field selectors', () => {
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'apps.1854b2c7e0f3a9d1', namespace: 'flux-system' },
    involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' },
    reason: 'HealthCheckFailed',
    type: 'Warning',
  };

  it('matches metadata and the fields Events are indexed on', () => {
    expect(matchesFields(parseFieldSelector('metadata.name=apps.1854b2c7e0f3a9d1', 'Event'), event)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.namespace==flux-system,involvedObject.kind=Kustomization,involvedObject.name=apps', 'Event'), event)).toBe(true);
    expect(matchesFields(parseFieldSelector('type!=Warning', 'Event'), event)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.name=other', 'Event'), event)).toBe(false);
  });

  it('unescapes values and refuses fields the kind does not index', () => {
    expect(parseFieldSelector('metadata.name=a\\,b', 'Kustomization')).toEqual([{ field: 'metadata.name', op: '=', value: 'a,b' }]);
    expect(() => parseFieldSelector('spec.path=./x', 'Kustomization')).toThrow('field label not supported: spec.path');
    expect(() => parseFieldSelector('metadata.name', 'Kustomization')).toThrow(/invalid selector/);
  });
});
