/**
 * `hie-dossier`: checks dossiers from the command line with the same service as the server.
 * Exit status: 0 without error-severity diagnostics, 1 with any, 2 on bad usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../../../shared/src/version';
import { RULES } from '../languageservice/rules';
import type { DossierDiagnostic } from '../languageservice/service';
import { createNodeService } from '../node/createService';
import { cliWorkspaceRoot, findMarkdownFiles, MARKDOWN_FILE } from '../node/nodeFileSystem';
import { formatText, toJson, toSarif } from './formatters';

const USAGE = `Usage: hie-dossier check [options] PATH...

Checks every HIE dossier (Markdown with a \`device\` mapping in its frontmatter) under the
given files and folders, with the files listed under \`parts\`.

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              use this configuration file instead of .hie-dossier.yaml
  --max-file-size KB         skip dossiers larger than this (default: 4096)
  --no-color                 plain text output
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no errors, 1 errors found, 2 bad usage.

Rules:
${RULES.map((rule) => `  ${rule.id.padEnd(30)} ${rule.defaultSeverity.padEnd(8)} ${rule.description}`).join('\n')}
`;

class UsageError extends Error {}

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

function collectFiles(paths: string[], cwd: string): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new UsageError(`No such file or folder: ${given}`);
    }
    if (stat.isDirectory()) for (const file of findMarkdownFiles(full)) files.add(file);
    else if (MARKDOWN_FILE.test(full) || stat.isFile()) files.add(full);
  }
  return [...files].sort();
}

export function checkPaths(paths: string[], options: { cwd: string; configFile?: string; maxFileSizeKb?: number }): DossierDiagnostic[] {
  const service = createNodeService((file) => cliWorkspaceRoot(file, options.cwd));
  const byFile = new Map<string, DossierDiagnostic[]>();
  for (const file of collectFiles(paths, options.cwd)) {
    const result = service.check(file, {
      ...(options.configFile ? { configFile: options.configFile } : {}),
      ...(options.maxFileSizeKb ? { maxFileSizeKb: options.maxFileSizeKb } : {}),
    });
    for (const [reported, list] of result.diagnostics) if (list.length > 0 || !byFile.has(reported)) byFile.set(reported, list);
  }
  return [...byFile.keys()].sort().flatMap((file) => byFile.get(file)!);
}

export function runCli(argv: string[], io: CliIo): number {
  try {
    if (argv.length === 0) throw new UsageError('Missing command.');
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        'max-file-size': { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const [command, ...paths] = positionals;
    if (command !== 'check') throw new UsageError(`Unknown command: ${command ?? ''}`);
    if (paths.length === 0) throw new UsageError('Give at least one file or folder to check.');
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`Unknown format: ${format} (use text, json or sarif).`);
    let maxFileSizeKb: number | undefined;
    if (values['max-file-size'] !== undefined) {
      maxFileSizeKb = Number(values['max-file-size']);
      if (!Number.isFinite(maxFileSizeKb) || maxFileSizeKb <= 0) throw new UsageError('--max-file-size takes a positive number of kilobytes.');
    }
    const configFile = values.config ? path.resolve(io.cwd, values.config) : undefined;
    const diagnostics = checkPaths(paths, { cwd: io.cwd, ...(configFile ? { configFile } : {}), ...(maxFileSizeKb ? { maxFileSizeKb } : {}) });
    if (format === 'json') io.stdout(`${JSON.stringify(toJson(diagnostics, io.cwd), null, 2)}\n`);
    else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(diagnostics, io.cwd), null, 2)}\n`);
    else io.stdout(formatText(diagnostics, io.cwd, io.isTty && !values['no-color']));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`hie-dossier: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

