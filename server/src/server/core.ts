/**
 * The analysis core as the server reaches it: dist/core.js, a bundle of its own (the one the tests
 * load), required on first use — a document opened, a request — or as soon as the client says it is
 * initialized, never before initialize is answered. The core and its tables are most of the server's
 * code, and an editor waits for that answer. build.mjs fails the build when a value of the core ends up
 * in dist/server.js: import its types from '../core', and its functions through core().
 */
import type * as Core from '../core';

let loaded: typeof Core | undefined;

export function core(): typeof Core {
  return (loaded ??= require('./core.js') as typeof Core);
}
