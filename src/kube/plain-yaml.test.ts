import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { seeded } from '../../test/support/seeded.js';
import { NOT_PLAIN, parsePlainYaml } from './plain-yaml.js';

/** What the kubeconfig reader would get from the yaml package (the reference), or 'error'. */
function reference(text: string): unknown {
  try {
    return parse(text, { logLevel: 'error' });
  } catch {
    return 'error';
  }
}

const KUBECTL_STYLE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJlekNDQVNDZ0F3SUJBZ0lRSUFYU1haSm02eWlPckttYzAxaGhrVEFLQmdncWhrak9QUVFEQWpBVU1SSXcK
    server: https://10.25.11.10:6443
  name: infra
- cluster:
    insecure-skip-tls-verify: true
    server: https://[fd00::10]:6443
  name: apps
contexts:
- context:
    cluster: infra
    namespace: default
    user: admin@infra
  name: admin@infra
current-context: admin@infra
kind: Config
preferences: {}
users:
- name: admin@infra
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t
- name: token-user
  user:
    token: 'abc.def-ghi_jkl'
    as-groups: []
`;

describe('parsePlainYaml', () => {
  it('reads a kubeconfig as kubectl writes it exactly as the yaml package does', () => {
    const fast = parsePlainYaml(KUBECTL_STYLE);
    expect(fast).not.toBe(NOT_PLAIN);
    expect(fast).toEqual(reference(KUBECTL_STYLE));
  });

  it('reads the indented-sequence style, comments, CRLF, a leading --- and quoted values', () => {
    const text = '---\r\n# written by talosctl\r\napiVersion: v1\r\nclusters:\r\n  - name: "infra"   # the first\r\n    cluster:\r\n      server: https://127.0.0.1:6443\r\n      proxy-url: \'\'\r\n\r\n  - name: \'it\'\'s\'\r\n    cluster: {}\r\nusers:\r\n';
    const fast = parsePlainYaml(text);
    expect(fast).toEqual({ apiVersion: 'v1', clusters: [{ name: 'infra', cluster: { server: 'https://127.0.0.1:6443', 'proxy-url': '' } }, { name: "it's", cluster: {} }], users: null });
    expect(fast).toEqual(reference(text));
  });

  it('types plain scalars as the YAML 1.2 core schema does', () => {
    const text = 'a: true\nb: False\nc: null\nd: ~\ne: 6443\nf: -1\ng: +7\nh: "true"\ni: yes\nj: v1.31.2-x\nk: 0\n';
    expect(parsePlainYaml(text)).toEqual(reference(text));
    expect(parsePlainYaml(text)).toMatchObject({ a: true, b: false, c: null, d: null, e: 6443, f: -1, g: 7, h: 'true', i: 'yes' });
  });

  it.each([
    ['an anchor and alias', 'a: &x foo\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  line\n'],
    ['a flow mapping with content', 'a: {b: 1}\n'],
    ['a flow sequence with content', 'a: [1, 2]\n'],
    ['an escape in double quotes', 'a: "x\\ty"\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line plain scalar in a sequence', 'a:\n  - one\n    two\n'],
    ['a value with spaces', 'name: my cluster\n'],
    ['a float', 'a: 1.5\n'],
    ['a hex int', 'a: 0x1F\n'],
    ['.inf', 'a: .inf\n'],
    ['an IP address (a string, but number-like)', 'a: 10.25.11.1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a quoted key', '"a": 1\n'],
    ['an unclosed quote', "a: 'x\n"],
    ['text after a quoted value', "a: 'x' y\n"],
    ['a reserved first character', 'a: @x\n'],
    ['a top-level scalar', 'just text\n'],
    ['an empty document', '# nothing\n'],
    ['a misindented key', 'a:\n    b: 1\n  c: 2\n'],
    ['a sequence where a key belongs', 'a: 1\n- b\n'],
    ['a nested compact sequence', 'a:\n- - b\n'],
    ['a key:value without a space', 'a:b\n'],
    ['a key the core schema types (null)', 'null: 1\n'],
    ['a key the core schema types (True)', 'True: 1\nx: 2\n'],
    ['a no-break space (not YAML white space)', 'token: abc\u00a0\n'],
    ['a line starting with a no-break space', 'a:\n\u00a0 b: 1\n'],
    ['non-ASCII text', 'name: café\n'],
  ])('leaves %s to the yaml package', (_what, text) => {
    expect(parsePlainYaml(text)).toBe(NOT_PLAIN);
  });

  it('agrees with the yaml package on 400 generated kubeconfig-like documents, in both sequence styles', () => {
    const rand = seeded(20261127);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const words = ['caf\u00e9', 'nb\u00a0sp', 'infra', 'apps', 'admin@infra', 'https://127.0.0.1:6443', 'LS0tLS1CRUdJTg==', 'v1', 'true', 'false', 'null', '~', '6443', '-3', '+4', '1.5', '0x10', 'a,b', 'x=y', "it's", 'with space', '', '10.0.0.1', '/home/op/.kube/ca.crt', '~/x', '.hidden', '-dash', '@at', 'https://[fd00::1]:6443', 'a#b', 'k: v', '[x]', 'a]b', '-', '- x', '*star', '&amp', '!bang', '|pipe', "'q'", '"dq"', 'back\\slash', 'tab\there', '%pct', 'x%y', 'z:'];
    const keys = ['null', 'True', 'name', 'server', 'user', 'cluster', 'certificate-authority-data', 'token', 'as-groups', 'namespace', 'extensions', 'preferences', 'x_y', 'a.b'];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.5) return pick([...words, 1, 0, true, false, null]);
      if (r < 0.75) return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(keys), value(depth + 1)]));
      return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    };
    let fastPaths = 0;
    for (let n = 0; n < 400; n++) {
      const doc = Object.fromEntries(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => [pick(keys), value(0)]));
      for (const indentSeq of [false, true]) {
        const text = stringify(doc, { indentSeq });
        const fast = parsePlainYaml(text);
        if (fast === NOT_PLAIN) continue;
        fastPaths++;
        expect(fast, text).toEqual(reference(text));
      }
    }
    // Most generated documents are in the subset: the comparison is not vacuous.
    expect(fastPaths).toBeGreaterThan(200);
  });
});
