import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, PatchError } from './patch.js';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes on null, replaces arrays and scalars', () => {
    const target = Object.freeze({ spec: Object.freeze({ suspend: true, interval: '10m', dependsOn: [{ name: 'a' }] }), status: { x: 1 } });
    const out = applyMergePatch(target, { spec: { suspend: null, dependsOn: [{ name: 'b' }], path: './x' }, metadata: { annotations: { k: 'v' } } });
    expect(out).toEqual({ spec: { interval: '10m', dependsOn: [{ name: 'b' }], path: './x' }, status: { x: 1 }, metadata: { annotations: { k: 'v' } } });
    expect(target.spec.suspend).toBe(true);
  });

  it('replaces the whole target with a non-object patch', () => {
    expect(applyMergePatch({ a: 1 }, ['x'])).toEqual(['x']);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = Object.freeze({ metadata: { name: 'apps', labels: { 'a/b': '1' } }, spec: { list: [1, 2, 3] } });

  it('applies add, remove, replace, move, copy and test in order, with ~ escapes', () => {
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/metadata/name', value: 'apps' },
      { op: 'add', path: '/spec/list/1', value: 9 },
      { op: 'add', path: '/spec/list/-', value: 4 },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'replace', path: '/metadata/labels/a~1b', value: '2' },
      { op: 'copy', from: '/metadata/name', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
    ]);
    expect(out).toEqual({ metadata: { name: 'apps', labels: { 'a/b': '2' } }, spec: { list: [9, 2, 3, 4], moved: 'apps' } });
    expect(doc.spec.list).toEqual([1, 2, 3]);
  });

  it('fails (422-kind) when a path is missing or a test does not hold, and nothing is applied', () => {
    const fail = (ops: unknown): PatchError => {
      try {
        applyJsonPatch(doc, ops);
      } catch (e) {
        return e as PatchError;
      }
      throw new Error('expected a PatchError');
    };
    expect(fail([{ op: 'replace', path: '/spec/missing', value: 1 }])).toMatchObject({ kind: 'failed', message: 'replace operation does not apply: doc is missing path: "/spec/missing"' });
    expect(fail([{ op: 'test', path: '/metadata/name', value: 'other' }])).toMatchObject({ kind: 'failed', message: 'testing value /metadata/name failed' });
    expect(fail([{ op: 'add', path: '/spec/list/7', value: 1 }])).toMatchObject({ kind: 'failed', message: 'array index 7 out of bounds in /spec/list/7' });
    expect(fail([{ op: 'move', from: '/spec', path: '/spec/inner' }])).toMatchObject({ kind: 'failed' });
  });

  it('rejects malformed patch documents (400-kind)', () => {
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(expect.objectContaining({ kind: 'malformed', message: 'a JSON patch must be an array of operations' }));
    expect(() => applyJsonPatch(doc, [{ op: 'frobnicate', path: '/a' }])).toThrow(expect.objectContaining({ kind: 'malformed' }));
    expect(() => applyJsonPatch(doc, [{ op: 'add', path: 'spec' , value: 1 }])).toThrow(expect.objectContaining({ kind: 'malformed' }));
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec' }])).toThrow(expect.objectContaining({ kind: 'malformed', message: 'replace operation is missing "value"' }));
  });
});
