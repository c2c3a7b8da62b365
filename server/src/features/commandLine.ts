/**
 * Splits a command line typed by a user into argv words the way a POSIX shell splits simple
 * words: blanks separate words, single quotes keep everything, double quotes keep everything
 * but `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes keeps the next character. It
 * deliberately does no expansion (variables, globs, `~`), no redirection and no pipes: a
 * user who needs those writes `sh -c '...'`.
 */

/** The words of `line`, or an error message saying what is wrong and where (1-based column). */
export function splitCommandLine(line: string): { argv: string[] } | { error: string } {
  const argv: string[] = [];
  let word: string | undefined;
  let at = 0;
  while (at < line.length) {
    const char = line[at];
    if (char === ' ' || char === '\t' || char === '\n') {
      if (word !== undefined) {
        argv.push(word);
        word = undefined;
      }
      at++;
    } else if (char === "'") {
      const close = line.indexOf("'", at + 1);
      if (close < 0) {
        return { error: `unterminated single quote at column ${at + 1}` };
      }
      word = (word ?? '') + line.slice(at + 1, close);
      at = close + 1;
    } else if (char === '"') {
      const start = at;
      let text = '';
      at++;
      while (at < line.length && line[at] !== '"') {
        if (line[at] === '\\' && at + 1 < line.length && '"\\$`'.includes(line[at + 1])) {
          at++;
        }
        text += line[at];
        at++;
      }
      if (at >= line.length) {
        return { error: `unterminated double quote at column ${start + 1}` };
      }
      word = (word ?? '') + text;
      at++;
    } else if (char === '\\') {
      if (at + 1 >= line.length) {
        return { error: `a backslash ends the command line (column ${at + 1})` };
      }
      word = (word ?? '') + line[at + 1];
      at += 2;
    } else {
      word = (word ?? '') + char;
      at++;
    }
  }
  if (word !== undefined) {
    argv.push(word);
  }
  return argv.length === 0 ? { error: 'no command given' } : { argv };
}
