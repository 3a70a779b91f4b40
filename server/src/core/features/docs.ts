/** Hover and completion text for the language's words (server/data/auditctl/docs.tsv). */
import { parseTsv } from '../auditctl/tables';
import docsTsv from '../../../data/auditctl/docs.tsv';

type DocKind = 'option' | 'list' | 'action' | 'operator' | 'perm';

const DOCS = new Map<string, string>(parseTsv(docsTsv).map(([kind, name, text]) => [`${kind}:${name}`, text]));

export function doc(kind: DocKind, name: string): string | undefined {
  return DOCS.get(`${kind}:${name}`);
}

export function docNames(kind: DocKind): string[] {
  return [...DOCS.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
}
