// Build the noteforge search bundle: one minified classic-script IIFE (no ES modules at
// runtime, so it runs from file:// as well as over http), plus the third-party licence file.
//
//   cd frontend/search && npm ci && node build.mjs
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', 'templates', 'static', 'vendor');
const outFile = join(outDir, 'noteforge-search.js');
mkdirSync(outDir, { recursive: true });

const msPkg = JSON.parse(readFileSync(join(here, 'node_modules', 'minisearch', 'package.json'), 'utf8'));
const msLicense = readFileSync(join(here, 'node_modules', 'minisearch', 'LICENSE.txt'), 'utf8');

await build({
  entryPoints: [join(here, 'src', 'search.js')],
  outfile: outFile,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  platform: 'browser',
  charset: 'utf8',
  legalComments: 'none',
  sourcemap: false,
  banner: {
    js: `/*! noteforge search | bundles MiniSearch ${msPkg.version} (MIT, Luca Ongaro) | see noteforge-search.LICENSES.txt | rebuild: frontend/search */`,
  },
  logLevel: 'info',
});

writeFileSync(
  join(outDir, 'noteforge-search.LICENSES.txt'),
  [
    'Third-party software bundled in noteforge-search.js',
    '====================================================',
    '',
    `minisearch ${msPkg.version}`,
    `${msPkg.homepage || 'https://github.com/lucaong/minisearch'}`,
    `License: ${msPkg.license}`,
    '',
    msLicense.trim(),
    '',
  ].join('\n'),
);
