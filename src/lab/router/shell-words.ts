/**
 * Split an SSH exec command line into words the way bash does for a simple command: blanks
 * separate words, '…' is literal, "…" keeps \" \\ \$ \` escapes, a backslash outside quotes escapes
 * the next character. sshd hands the string to the user's shell, so the router sees exactly this.
 * Operators, expansions and redirections are not interpreted; they are reported instead.
 */
export type ShellWords =
  | { ok: true; words: string[] }
  | { ok: false; stderr: string; code: number };

const OPERATOR = /[;&|<>()$`]/;

export function splitShellWords(line: string): ShellWords {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return eof("'");
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1] as string)) j++;
        else if (line[j] === '$' || line[j] === '`') return unsupported(line[j] as string);
        text += line[j];
      }
      if (j >= line.length) return eof('"');
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i++;
    } else if (OPERATOR.test(c)) {
      return unsupported(c);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return { ok: true, words };
}

// bash 5.2: `bash -c "vtysh -c 'x"` prints this one line and exits 2.
const eof = (quote: string): ShellWords => ({
  ok: false,
  stderr: `bash: -c: line 1: unexpected EOF while looking for matching \`${quote}'\n`,
  code: 2,
});

const unsupported = (op: string): ShellWords => ({
  ok: false,
  stderr: `bash: the lab router runs single commands only; '${op}' (pipes, lists, redirections, expansions) is not supported\n`,
  code: 2,
});
