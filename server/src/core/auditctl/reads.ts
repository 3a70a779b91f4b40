/**
 * What auditctl's fileopt() reads for one line of the file: fgets() into a 6144-byte buffer. A line of
 * 6143 bytes or more comes back in several reads, each one a "line" of its own to auditctl (its line
 * number counts them), and a NUL byte ends the text C sees of a read. Offsets stay in UTF-16 code units
 * of the editor's line so a diagnostic can point into the right part.
 */

/** auditctl's LINE_SIZE; fgets() keeps one byte for the terminating NUL. */
const LINE_SIZE = 6144;
const READ_BYTES = LINE_SIZE - 1;

export interface Read {
  /** The text auditctl parses (without the newline, cut at a NUL). */
  text: string;
  /** Where the read starts in the editor's line (UTF-16 code units). */
  column: number;
}

/** Bytes a code point takes in UTF-8. */
function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * The reads fgets() makes of one line. `terminated` says a newline follows it: the newline counts
 * toward the buffer, so a line of exactly 6143 bytes leaves an empty read (a blank line) behind it.
 * A character the buffer boundary cuts in two shows as U+FFFD on both sides, as its bytes are garbage
 * to auditctl either way.
 */
export function auditctlReads(line: string, terminated: boolean): Read[] {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most lines cannot reach the buffer's end.
  if (line.length * 3 + 1 <= READ_BYTES) return [{ text: cutAtNul(line), column: 0 }];
  longLinesCut++;
  const chars: { column: number; text: string; byte: number; bytes: number }[] = [];
  let byte = 0;
  for (let i = 0; i < line.length;) {
    const cp = line.codePointAt(i)!;
    const text = String.fromCodePoint(cp);
    chars.push({ column: i, text, byte, bytes: utf8Length(cp) });
    byte += utf8Length(cp);
    i += text.length;
  }
  const total = byte + (terminated ? 1 : 0);
  const count = Math.max(1, Math.ceil(total / READ_BYTES));
  const reads: Read[] = [];
  let c = 0;
  for (let k = 0; k < count; k++) {
    const lo = k * READ_BYTES;
    const hi = lo + READ_BYTES;
    let text = '';
    let column: number | undefined;
    // A character that straddles the boundary belongs to both reads.
    if (c > 0 && chars[c - 1].byte + chars[c - 1].bytes > lo) {
      column = chars[c - 1].column;
      text = '\uFFFD';
    }
    while (c < chars.length && chars[c].byte < hi) {
      column ??= chars[c].column;
      text += chars[c].byte + chars[c].bytes <= hi ? chars[c].text : '\uFFFD';
      c++;
    }
    reads.push({ text: cutAtNul(text), column: column ?? line.length });
  }
  return reads;
}

/**
 * How many times a line long enough to need it was cut into reads, in this process. The cut costs the
 * line's length; the tests hold the engine to cutting a line once per change, whatever is asked of it.
 */
let longLinesCut = 0;

export function longLineCuts(): number {
  return longLinesCut;
}

/** C string functions stop at the first NUL byte. */
function cutAtNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}
