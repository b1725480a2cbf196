/** `hie-dossier-ls --stdio` (or `--node-ipc`): the language server for any LSP client. */
import { VERSION } from '../../../shared/src/version';
import { startServer } from './server';

if (process.argv.includes('--version')) process.stdout.write(`${VERSION}\n`);
else startServer();
