/**
 * The params of each method the server handles, checked against the LSP types before a handler reads
 * them, with the LSP library's own type guards: a client that sends a position as a string gets
 * Invalid Params (-32602) saying which field is wrong, not a JavaScript TypeError from deep inside.
 * Only what the server reads is checked; unknown extra fields are allowed, as LSP evolves.
 */
import {
  CodeActionContext,
  Position,
  Range,
  TextDocumentIdentifier,
  TextDocumentItem,
  VersionedTextDocumentIdentifier,
} from 'vscode-languageserver-types';

/** Why the params are wrong (`params.position: …`), or undefined when they will do. */
type Check = (params: Record<string, unknown>) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The library's guards read fields of anything but undefined: a null inside (`diagnostics: [null]`) throws. */
const guard = (is: (v: any) => boolean) => (v: unknown) => {
  try {
    return isObject(v) && is(v);
  } catch {
    return false;
  }
};
const optional = (v: unknown, is: (v: unknown) => boolean) => v === undefined || v === null || is(v);

/** A field and the guard it must pass, with what it should be in words. */
function field(name: string, is: (v: unknown) => boolean, expected: string, required = true): Check {
  return (params) => {
    const value = params[name];
    if (required ? is(value) : optional(value, is)) return undefined;
    return `params.${name} must be ${expected}${value === undefined ? ' (it is missing)' : ''}`;
  };
}

function all(...checks: Check[]): Check {
  return (params) => checks.map((check) => check(params)).find((problem) => problem !== undefined);
}

const textDocument = field('textDocument', guard(TextDocumentIdentifier.is), 'a text document identifier { uri: string }');
const position = field('position', guard(Position.is), 'a position { line, character } of non-negative integers');
const contentChange = (v: unknown) => isObject(v) && typeof v.text === 'string' && optional(v.range, guard(Range.is));
const fileEvent = (v: unknown) => isObject(v) && typeof v.uri === 'string' && (v.type === 1 || v.type === 2 || v.type === 3);
const folder = (v: unknown) => isObject(v) && typeof v.uri === 'string' && typeof v.name === 'string';
const arrayOf = (is: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(is);
const isString = (v: unknown) => typeof v === 'string';

const PARAMS: Readonly<Record<string, Check>> = {
  initialize: all(
    field('capabilities', isObject, 'an object (the client capabilities)'),
    field('processId', (v) => Number.isInteger(v), 'an integer or null', false),
    field('rootUri', isString, 'a string or null', false),
    field('workspaceFolders', arrayOf(folder), 'a list of { uri, name } or null', false),
  ),
  'textDocument/hover': all(textDocument, position),
  'textDocument/completion': all(textDocument, position, field('context', isObject, 'an object', false)),
  'textDocument/documentSymbol': textDocument,
  'textDocument/codeLens': textDocument,
  'textDocument/diagnostic': all(textDocument, field('previousResultId', isString, 'a string', false)),
  'textDocument/codeAction': all(
    textDocument,
    field('range', guard(Range.is), 'a range { start, end } of positions'),
    field('context', guard(CodeActionContext.is), 'a code action context { diagnostics: Diagnostic[], only?: string[] }'),
  ),
  'workspace/symbol': field('query', isString, 'a string'),
  'workspace/executeCommand': all(field('command', isString, 'a string'), field('arguments', Array.isArray, 'a list', false)),
  'textDocument/didOpen': field('textDocument', guard(TextDocumentItem.is), 'a text document { uri, languageId, version, text }'),
  'textDocument/didChange': all(
    field('textDocument', guard(VersionedTextDocumentIdentifier.is), 'a versioned text document identifier { uri, version }'),
    field('contentChanges', arrayOf(contentChange), 'a list of changes { text, range? }'),
  ),
  'textDocument/didClose': textDocument,
  'textDocument/didSave': all(textDocument, field('text', isString, 'a string', false)),
  'workspace/didChangeWatchedFiles': field('changes', arrayOf(fileEvent), 'a list of file events { uri, type: 1, 2 or 3 }'),
  '$/cancelRequest': field('id', (v) => typeof v === 'string' || Number.isInteger(v), 'a string or an integer'),
  '$/setTrace': field('value', (v) => v === 'off' || v === 'messages' || v === 'verbose', '"off", "messages" or "verbose"'),
};

/** What is wrong with a message's params for its method, or undefined (unknown methods are the connection's to refuse). */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const check = PARAMS[method];
  if (!check) return undefined;
  if (!isObject(params)) return `params must be an object${params === undefined || params === null ? ' (they are missing)' : ''}`;
  return check(params);
}
