// Bundles the extension client, the language server and the CLI with esbuild.
// Each entry is one self-contained CommonJS file so the .vsix ships without node_modules.
import { build } from 'esbuild';

const minify = process.argv.includes('--minify');
// The language and benchmark tables are .tsv/.json data files bundled as text and JSON.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !minify, minify, logLevel: 'warning', loader: { '.tsv': 'text' } };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The pure core on its own, for the unit tests and the benchmark.
  build({ ...common, entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' }),
]);
