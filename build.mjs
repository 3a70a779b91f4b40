// Bundles the extension client, the language server and the CLI with esbuild.
// Each entry is one self-contained CommonJS file so the .vsix ships without node_modules, but for the
// language server, which loads the core (dist/core.js) after answering initialize (server/core.ts).
import { build } from 'esbuild';

const minify = process.argv.includes('--minify');
// The language and benchmark tables are .tsv/.json data files bundled as text and JSON.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !minify, minify, logLevel: 'warning', loader: { '.tsv': 'text' } };

const [, server] = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, external: ['./core.js'], metafile: true }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The pure core on its own: the language server's second part, the unit tests' and the benchmark's.
  build({ ...common, entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' }),
]);

// A value imported from the core into the server would load the core (and its tables) before initialize is answered.
const coreInServer = Object.keys(server.metafile.inputs).filter((input) => input.startsWith('server/src/core/') || input.startsWith('server/data/'));
if (coreInServer.length > 0) {
  console.error(`dist/server.js must not hold the core (it loads dist/core.js through server/src/server/core.ts), but it holds:\n  ${coreInServer.join('\n  ')}`);
  process.exit(1);
}
