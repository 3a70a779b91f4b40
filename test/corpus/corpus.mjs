// The real-world corpus of rule files (what `auditctl -R` says of each is in its README.md). It stays
// outside the project: `npm run test:corpus` reads it from $AUDITD_CORPUS, by default ../shared/corpus
// beside the clone, where CI keeps it; relative paths are from the repository's root.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = path.resolve(root, process.env.AUDITD_CORPUS || '../shared/corpus');

const missing = existsSync(corpusDir)
  ? undefined
  : `The real-world corpus is not at ${corpusDir}: set AUDITD_CORPUS to the directory that holds it (by default ../shared/corpus, beside the clone).`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `npm run test:corpus` runs this before the tests: one sentence, not a stack trace per test file.
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  console.log(`test:corpus: reading the corpus at ${corpusDir}`);
} else if (missing) {
  throw new Error(missing);
}
