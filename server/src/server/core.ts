/**
 * The analysis core as the server reaches it: dist/core.js, a bundle of its own (the one the tests
 * load), required on first use — a document opened, a request — or as soon as the client says it is
 * initialized, never before initialize is answered. The core and its tables are most of the server's
 * code, and an editor waits for that answer. build.mjs fails the build when a value of the core ends up
 * in dist/server.js: import its types from '../core', and its functions through core().
 */
import { setFlagsFromString } from 'node:v8';
import type * as Core from '../core';

/**
 * From here on the server holds documents, one of them maybe 100,000 lines, for hours: V8's heap is set
 * for memory rather than speed (docs/decisions.md, "The engine"). The young generation stays at its
 * first size (1 MB semi-spaces, where V8 grows them to 16 MB while a large document opens, and keeps
 * them), and the old generation may grow 20% past what survived its last collection before the next.
 * Set now, not at start: a flag changed before Node loads its own modules makes it compile them anew.
 */
const HEAP_FLAGS = '--semi-space-growth-factor=1 --heap-growing-percent=20';

let loaded: typeof Core | undefined;

export function core(): typeof Core {
  if (!loaded) {
    setFlagsFromString(HEAP_FLAGS);
    loaded = require('./core.js') as typeof Core;
  }
  return loaded;
}
