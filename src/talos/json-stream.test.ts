import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/index.js';
import { parseResourceJson, splitJsonStream } from './json-stream.js';
import { parseResourceYaml } from './yaml-docs.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const CMD = 'talosctl get members';

describe('parseResourceJson (concatenated -o json stream)', () => {
  it('reads ten concatenated objects from two nodes, in print order', () => {
    const res = parseResourceJson(fx('members.reconstructed.json'), CMD);
    expect(res).toHaveLength(10);
    expect(res.map((r) => r.node)).toEqual([...Array(5).fill('172.20.0.2'), ...Array(5).fill('172.20.0.3')]);
    expect(res[0]).toMatchObject({
      metadata: { namespace: 'cluster', type: 'Members.cluster.talos.dev', id: 'talos-default-controlplane-1', version: 2, owner: 'cluster.MemberController', phase: 'running', created: '2025-09-01T12:00:00Z' },
      spec: { hostname: 'talos-default-controlplane-1', machineType: 'controlplane', controlPlane: { port: 6443 } },
    });
  });

  it('gives the same model as the YAML form of the same resources', () => {
    expect(parseResourceJson(fx('members.reconstructed.json'), CMD)).toEqual(parseResourceYaml(fx('members.reconstructed.yaml'), CMD));
    expect(parseResourceJson(fx('links-bond.derived.json'), CMD)).toEqual(parseResourceYaml(fx('links-bond.yaml'), CMD));
  });

  it('does not split inside strings that hold braces, brackets, quotes or "}\\n{"', () => {
    const [first] = splitJsonStream(fx('members.reconstructed.json'), CMD) as Record<string, Record<string, unknown>>[];
    first!.spec!.hostname = 'evil}\n{"node": "x"} [ \\" }';
    // talosctl's encoder: 4-space indent, one object per resource, each ending with a newline
    const text = `${JSON.stringify(first, null, 4)}\n${fx('links-bond.derived.json')}`;
    const res = parseResourceJson(text, CMD);
    expect(res).toHaveLength(2);
    expect((res[0]!.spec as { hostname: string }).hostname).toBe('evil}\n{"node": "x"} [ \\" }');
    expect(res[1]!.metadata.id).toBe('bond0');
  });

  it('reads objects on one line or glued without a newline', () => {
    const a = JSON.stringify(JSON.parse(fx('links-bond.derived.json')));
    expect(parseResourceJson(`${a}${a}\n  ${a}`, CMD)).toHaveLength(3);
  });

  it('gives [] for empty output (a node with no such resource)', () => {
    expect(parseResourceJson('', CMD)).toEqual([]);
    expect(parseResourceJson('\n  \n', CMD)).toEqual([]);
  });

  it('turns a null owner into an empty string', () => {
    const obj = JSON.parse(fx('links-bond.derived.json'));
    obj.metadata.owner = null;
    expect(parseResourceJson(JSON.stringify(obj), CMD)[0]!.metadata.owner).toBe('');
  });

  it('throws on truncated JSON, naming the command and where the object began', () => {
    const text = fx('members.reconstructed.json');
    const cut = text.slice(0, text.indexOf('"node": "172.20.0.3"') + 10);
    expect(() => parseResourceJson(cut, CMD)).toThrow(
      new ParseError(CMD, 'truncated JSON: object 6 starting at line 125 is not closed'),
    );
  });

  it('throws on binary garbage with a short printable excerpt', () => {
    const garbage = `\x7fELF\x02\x01\x01\x00${'\x00'.repeat(200)}`;
    expect(() => parseResourceJson(garbage, CMD)).toThrow(new ParseError(CMD, 'expected a JSON object at line 1, found "·ELF·"'));
  });

  it('throws on text after an object and on invalid JSON inside an object', () => {
    expect(() => parseResourceJson(`${fx('links-bond.derived.json')}error: oops`, CMD)).toThrow(
      `${CMD}: expected a JSON object at line 55, found "error: oops"`,
    );
    expect(() => parseResourceJson('{"metadata": {,}}', CMD)).toThrow(/^talosctl get members: invalid JSON in object 1 \(line 1\): /);
  });

  it('throws on an array (talosctl never prints one) and on objects that are not resources', () => {
    expect(() => parseResourceJson('[]', CMD)).toThrow(`${CMD}: expected a JSON object at line 1, found "[]"`);
    expect(() => parseResourceJson('{"node": "a", "spec": {}}', CMD)).toThrow(`${CMD}: object 1 has no metadata`);
    expect(() => parseResourceJson('{"metadata": {"namespace": "n", "type": "t", "version": 1}}', CMD)).toThrow(`${CMD}: object 1 has no metadata.id`);
    expect(() => parseResourceJson('{"metadata": {"namespace": "n", "type": "t", "id": "i", "version": "x"}}', CMD)).toThrow(
      `${CMD}: object 1 has no numeric metadata.version`,
    );
  });
});
