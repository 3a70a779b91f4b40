/**
 * Every syntax fix, in the order `auditd-lint --fix` applies the certain ones: the BOM and the line
 * endings first (they change how every line reads), then what makes single lines readable (tabs, inline
 * comments), then what the load as a whole needs (duplicates, -e 2 last).
 */
import { addArch } from './addArch';
import { removeBom } from './bom';
import { convertToLf } from './crlf';
import { deleteDuplicate } from './duplicate';
import { moveInlineComment } from './inlineComment';
import { moveImmutableLast } from './moveImmutable';
import { rename } from './rename';
import { replaceTabs } from './tabs';
import type { FixId, FixKind, FixPayload } from './types';

export const FIX_KINDS: readonly FixKind<FixPayload>[] = [
  removeBom,
  convertToLf,
  replaceTabs,
  moveInlineComment,
  deleteDuplicate,
  moveImmutableLast,
  addArch,
  rename,
];

export const FIX_KIND: ReadonlyMap<FixId, FixKind<FixPayload>> = new Map(FIX_KINDS.map((k) => [k.id, k]));
