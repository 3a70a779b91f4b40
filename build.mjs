// Bundles the extension client, the language server and the CLI with esbuild.
// Each entry is one self-contained CommonJS file so the .vsix ships without node_modules, but for the
// language server, whose three parts load one after the other (see below).
import { build } from 'esbuild';

const minify = process.argv.includes('--minify');
// The language and benchmark tables are .tsv/.json data files bundled as text and JSON.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !minify, minify, logLevel: 'warning', loader: { '.tsv': 'text' } };

const [, server, lsp] = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The language server in three parts, each loaded when first needed: the command, which answers
  // initialize (server/src/main.ts); the server on the LSP library (dist/lsp.js); the core (dist/core.js).
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, external: ['./lsp.js'], metafile: true }),
  build({ ...common, entryPoints: ['server/src/server/lsp.ts'], outfile: 'dist/lsp.js', external: ['./core.js'], metafile: true }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The pure core on its own: the language server's third part, the unit tests' and the benchmark's.
  build({ ...common, entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' }),
]);

/** The inputs of a bundle that must not be in it, by the prefix that names them. */
const holds = (result, prefixes) => Object.keys(result.metafile.inputs).filter((input) => prefixes.some((p) => input.startsWith(p)));
const misplaced = [
  // The core (and its tables) loads after initialize is answered: server/src/server/core.ts requires it.
  ['dist/lsp.js', holds(lsp, ['server/src/core/', 'server/data/'])],
  ['dist/server.js', holds(server, ['server/src/core/', 'server/data/'])],
  // The LSP library loads after initialize is answered on stdio; its types module (the params' guards) may come first.
  ['dist/server.js', holds(server, ['node_modules/vscode-languageserver/', 'node_modules/vscode-languageserver-protocol/', 'node_modules/vscode-jsonrpc/'])],
].filter(([, inputs]) => inputs.length > 0);
for (const [bundle, inputs] of misplaced) console.error(`${bundle} must not hold these (they load later, see build.mjs):\n  ${inputs.join('\n  ')}`);
if (misplaced.length > 0) process.exit(1);
