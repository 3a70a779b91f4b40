/**
 * The one known name a misspelt word stands for, or none when that is not certain. Close means: the
 * only name at the smallest edit distance, if that distance is at most 1 for a word of up to 4
 * letters and 2 for a longer one (a swap of two neighbours counts as one edit); failing that, the
 * only name that starts with the word (open_by_handle → open_by_handle_at). Two names equally close
 * (unlinkt: unlink, unlinkat) or several that start with it (timerfd: timerfd_create, _settime,
 * _gettime) leave the choice to the reader. Names compare without case, as auditctl's tables do.
 */

const SHORT = 4;
const MIN_PREFIX = 3;

export function closestName(word: string, names: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length <= SHORT ? 1 : 2;
  let nearest: string[] = [];
  let nearestDistance = limit + 1;
  const starting: string[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    if (n === w) return undefined;
    const d = distance(w, n, limit);
    if (d < nearestDistance) {
      nearest = [name];
      nearestDistance = d;
    } else if (d === nearestDistance && d <= limit) {
      nearest.push(name);
    }
    if (w.length >= MIN_PREFIX && n.startsWith(w)) starting.push(name);
  }
  if (nearest.length > 0) return nearest.length === 1 ? nearest[0] : undefined;
  return starting.length === 1 ? starting[0] : undefined;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent swaps), cut short at `cap`: anything
 * farther counts as cap + 1, as it is not close either way.
 */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > cap) return cap + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
