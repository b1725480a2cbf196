/** `hie-dossier-ls --stdio` (or `--node-ipc`): the language server for any LSP client. */
import { setFlagsFromString } from 'node:v8';
import { VERSION } from '../../../shared/src/version';
import { startServer } from './server';

// V8 lets its heap grow to about four times what is live before it collects: after a workspace
// scan of 300 dossiers (about 100 MB of models) the server held 420 MB. Growing by half instead
// keeps it near 260 MB, for about a tenth more time on the scan (measured by `npm run bench`).
// The flag is read at each collection, so setting it here, before any work, is enough.
setFlagsFromString('--heap-growing-percent=50');

if (process.argv.includes('--version')) process.stdout.write(`${VERSION}\n`);
else startServer();
