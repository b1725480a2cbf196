#!/usr/bin/env node
// Bundles the end-to-end suite (test/e2e/suite/index.ts and the test files it requires) with mocha
// into dist/test/e2e/suite/index.cjs: the extensionTestsPath of test/e2e/runCodeServer.mjs and
// test/e2e/runElectron.mjs. 'vscode' stays external (the extension host provides it).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = path.join(root, 'test/e2e/suite');
const entry = path.join(suiteDir, 'index.ts');
const outfile = path.join(root, 'dist/test/e2e/suite/index.cjs');

// index.ts lists the test files explicitly (a bundle cannot glob at run time): refuse to build
// when a test file would silently not run.
const index = readFileSync(entry, 'utf8');
const missing = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => !index.includes(`require('./${f.replace(/\.ts$/, '')}')`));
if (missing.length > 0) {
  console.error(`build-e2e: ${missing.join(', ')} not listed in loadTestFiles() of test/e2e/suite/index.ts`);
  process.exit(1);
}

const started = Date.now();
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
  logOverride: {
    // mocha's parallel mode resolves worker files at run time; the suite runs serially.
    'require-resolve-not-external': 'silent',
  },
});
console.log(`build-e2e: ${path.relative(root, outfile)} in ${Date.now() - started} ms`);
