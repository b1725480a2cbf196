// Bundles the client, the server and the CLI into dist/ as CommonJS for Node 20 and VS Code.
import { build } from 'esbuild';

const banner = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__importMetaUrl' },
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.cjs', external: ['vscode'], banner: { js: banner } }),
  build({ ...common, entryPoints: ['server/src/languageserver/bin.ts'], outfile: 'dist/server.cjs', banner: { js: `#!/usr/bin/env node\n${banner}` } }),
  build({ ...common, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.cjs', banner: { js: `#!/usr/bin/env node\n${banner}` } }),
  build({ ...common, entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/cliWorker.cjs', banner: { js: banner } }),
]);
