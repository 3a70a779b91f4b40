/** Rows of a tab-separated data file; `#` lines are the file's own documentation. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    rows.push(line.replace(/\r$/, '').split('\t'));
  }
  return rows;
}

/** A case-insensitive name → number map from a two-column table. */
export function nameTable(text: string, base = 10): Map<string, number> {
  return new Map(parseTsv(text).map(([name, value]) => [name.toLowerCase(), parseInt(value, base)]));
}
