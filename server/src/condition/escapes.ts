/**
 * Unescaping of quoted strings, as libsinsp's `unescape_str` does it: `\b \f \n \r \t \\ \/`,
 * `\"` only inside "...", `\'` only inside '...', `\xHH` (libs HEAD), and the compatibility
 * quirk `\<space>` → a lone backslash. Anything else is reported in Falco's words.
 * It does not find the closing quote; the lexer does.
 */

/** Reports a bad escape: Falco's message and the [start, end) of the escape sequence. */
export type EscapeReporter = (message: string, start: number, end: number) => void;

/** The value between the quotes at `open` and `close` in `text`, escapes resolved. */
export function unescapeQuoted(text: string, open: number, close: number, report: EscapeReporter): string {
  const raw = text.slice(open + 1, close);
  if (!raw.includes('\\')) return raw;
  const delimiter = text[open];
  let res = '';
  for (let i = open + 1; i < close; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      res += ch;
      continue;
    }
    const esc = text[++i];
    switch (esc) {
      case 'b': res += '\b'; break;
      case 'f': res += '\f'; break;
      case 'n': res += '\n'; break;
      case 'r': res += '\r'; break;
      case 't': res += '\t'; break;
      // `\<space>` yields a lone backslash: libsinsp keeps it for wrongly escaped old rules.
      case ' ': res += '\\'; break;
      case '\\': res += '\\'; break;
      case '/': res += '/'; break;
      case '"':
      case "'":
        if (esc !== delimiter) report(`invalid \\${esc} escape in ${delimiter}-quoted string`, i - 1, i + 1);
        res += esc;
        break;
      case 'x': {
        const hex = text.slice(i + 1, i + 3);
        if (i + 3 <= close && /^[0-9a-fA-F]{2}$/.test(hex)) {
          res += String.fromCharCode(parseInt(hex, 16));
          i += 2;
        } else {
          report('unsupported string escape sequence: \\x', i - 1, i + 1);
        }
        break;
      }
      default:
        report(`unsupported string escape sequence: \\${esc}`, i - 1, i + 1);
    }
  }
  return res;
}
