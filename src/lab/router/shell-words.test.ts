import { describe, expect, it } from 'vitest';
import { splitShellWords } from './shell-words.js';

const words = (line: string) => {
  const r = splitShellWords(line);
  return r.ok ? r.words : r;
};

describe('splitShellWords', () => {
  it('splits like bash for the commands plat sends', () => {
    expect(words("vtysh -c 'show bgp summary json'")).toEqual(['vtysh', '-c', 'show bgp summary json']);
    expect(words('vtysh -c "show bgp neighbors 10.25.11.11 json"')).toEqual(['vtysh', '-c', 'show bgp neighbors 10.25.11.11 json']);
    expect(words('  gobgp   neighbor\t-j ')).toEqual(['gobgp', 'neighbor', '-j']);
    expect(words("vtysh -c show\\ bgp' summary'\" json\"")).toEqual(['vtysh', '-c', 'show bgp summary json']);
    expect(words('echo "a \\"b\\" \\\\ c"')).toEqual(['echo', 'a "b" \\ c']);
    expect(words("echo ''")).toEqual(['echo', '']);
    expect(words('')).toEqual([]);
  });

  it('reports an unterminated quote with bash 5.2 text and exit 2', () => {
    expect(words("vtysh -c 'show bgp")).toEqual({
      ok: false,
      stderr: "bash: -c: line 1: unexpected EOF while looking for matching `''\n",
      code: 2,
    });
    expect(words('vtysh -c "x')).toMatchObject({ ok: false, code: 2 });
  });

  it('refuses shell operators and expansions instead of ignoring them', () => {
    for (const line of ["vtysh -c 'show bgp summary json' | head", 'a; b', 'a && b', 'cat < x', 'echo $HOME', 'echo "$(id)"']) {
      expect(words(line)).toMatchObject({ ok: false, code: 2 });
    }
    expect(words("vtysh -c 'a|b;c'")).toEqual(['vtysh', '-c', 'a|b;c']); // quoted: plain text
  });
});
