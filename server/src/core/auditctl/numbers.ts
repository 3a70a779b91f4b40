/** C's strtoul/strtol with base 0, as auditctl uses them: 0x hex, leading 0 octal, trailing junk ignored. */

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The value of the leading number of s (base 0, optional sign), as C reads it; 0 when there is none. */
export function strtol(s: string, base = 0): number {
  let i = 0;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  let radix = base;
  if ((radix === 0 || radix === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    radix = 16;
    i += 2;
  } else if (radix === 0) {
    radix = s[i] === '0' ? 8 : 10;
  }
  let value = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 36);
    if (Number.isNaN(d) || d >= radix) break;
    value = value * radix + d;
  }
  return sign * value;
}

/** The kernel keeps field values as __u32. */
export function u32(n: number): number {
  return Number(BigInt.asUintN(32, BigInt(Math.trunc(n))));
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * strtoul(s, NULL, 0) on a 64-bit host, for a string that starts with a digit: the value, or undefined
 * when it overflows unsigned long (strtoul sets errno; auditctl then says "Error converting …").
 */
export function strtoul64(s: string): bigint | undefined {
  let i = 0;
  let radix = 10n;
  if (s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && /[0-9a-fA-F]/.test(s[2] ?? '')) {
    radix = 16n;
    i = 2;
  } else if (s[0] === '0') {
    radix = 8n;
  }
  let value = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 36);
    if (Number.isNaN(d) || BigInt(d) >= radix) break;
    value = value * radix + BigInt(d);
    if (value > ULONG_MAX) return undefined;
  }
  return value;
}
