/**
 * `hie-dossier`: the command line, on the same language service as the server.
 * Exit status: 0 without error-severity diagnostics, 1 with any, 2 on bad usage.
 */
import { VERSION } from '../../../shared/src/version';
import { COMMANDS } from './commands';
import { UsageError, type CliIo } from './io';

export type { CliIo } from './io';

function overview(): string {
  return `Usage: hie-dossier COMMAND [options] PATH...

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(12)} ${command.summary}`).join('\n')}

Options:
  -h, --help     show help (after a command: that command's help)
  -v, --version  show the version

Run \`hie-dossier COMMAND --help\` for a command's options.
`;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    (first === undefined ? io.stderr : io.stdout)(overview());
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr(`hie-dossier: unknown command \`${first}\`\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`hie-dossier ${command.name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}
