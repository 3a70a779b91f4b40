/**
 * Splitting one line into tokens exactly as auditctl's fileopt() does: only the space character
 * separates (a tab is part of a token), `\ ` is a literal space and `\\` a backslash inside a token
 * (preprocess/postprocess), and the first token is taken as it stands (auditctl never unescapes it).
 */

export interface Token {
  /** The token's value as auditctl sees it. */
  text: string;
  /** Offsets of the token's raw text in the line (UTF-16 code units, as LSP counts them). */
  start: number;
  end: number;
}

type LineShape =
  | { kind: 'blank' }
  | { kind: 'comment' }
  | { kind: 'tokens'; tokens: Token[] };

export function tokenizeLine(line: string): LineShape {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === SPACE) i++;
    if (i >= n) break;
    const start = i;
    let escaped = false;
    while (i < n && line.charCodeAt(i) !== SPACE) {
      // `\ ` keeps a space inside the token; it ends only at a space that is not escaped.
      if (line.charCodeAt(i) === BACKSLASH && (line.charCodeAt(i + 1) === SPACE || line.charCodeAt(i + 1) === BACKSLASH)) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    const raw = line.slice(start, i);
    tokens.push({ text: tokens.length === 0 || !escaped ? raw : unescape(raw), start, end: i });
  }
  if (tokens.length === 0) return { kind: 'blank' };
  if (tokens[0].text.startsWith('#')) return { kind: 'comment' };
  return { kind: 'tokens', tokens };
}

const SPACE = 32;
const BACKSLASH = 92;

/** `\ ` is a space and `\\` a backslash (postprocess); any other backslash stays. */
function unescape(raw: string): string {
  return raw.replace(/\\([ \\])/g, '$1');
}
