/** `hie-dossier check`: diagnostics for every dossier under the given paths. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RULES } from '../../languageservice/rules';
import type { DossierDiagnostic } from '../../languageservice/service';
import { createNodeService } from '../../node/createService';
import { cliWorkspaceRoot, findMarkdownFiles, MARKDOWN_FILE } from '../../node/nodeFileSystem';
import { formatText, toJson, toSarif } from '../formatters';
import { UsageError, type CliCommand, type CliIo } from '../io';

export interface CheckOptions {
  cwd: string;
  configFile?: string;
  maxFileSizeKb?: number;
}

/** Markdown files named by the paths (folders searched recursively), sorted and without repeats. */
export function collectFiles(paths: string[], cwd: string): string[] {
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

export function checkPaths(paths: string[], options: CheckOptions): DossierDiagnostic[] {
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

const USAGE = `Usage: hie-dossier check [options] PATH...

Checks every HIE dossier (Markdown with a \`device\` mapping in its frontmatter) under the
given files and folders, with the files listed under \`parts\`.

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              use this configuration file instead of .hie-dossier.yaml
  --max-file-size KB         skip dossiers larger than this (default: 4096)
  --no-color                 plain text output

Exit status: 0 no errors, 1 errors found, 2 bad usage.

Rules:
${RULES.map((rule) => `  ${rule.id.padEnd(30)} ${rule.defaultSeverity.padEnd(8)} ${rule.description}`).join('\n')}
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'report the problems of every dossier under the paths',
  usage: USAGE,
  run(args: string[], io: CliIo): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        'max-file-size': { type: 'string' },
        'no-color': { type: 'boolean', default: false },
      },
    });
    if (positionals.length === 0) throw new UsageError('Give at least one file or folder to check.');
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`Unknown format: ${format} (use text, json or sarif).`);
    let maxFileSizeKb: number | undefined;
    if (values['max-file-size'] !== undefined) {
      maxFileSizeKb = Number(values['max-file-size']);
      if (!Number.isFinite(maxFileSizeKb) || maxFileSizeKb <= 0) throw new UsageError('--max-file-size takes a positive number of kilobytes.');
    }
    const configFile = values.config ? path.resolve(io.cwd, values.config) : undefined;
    const diagnostics = checkPaths(positionals, { cwd: io.cwd, ...(configFile ? { configFile } : {}), ...(maxFileSizeKb ? { maxFileSizeKb } : {}) });
    if (format === 'json') io.stdout(`${JSON.stringify(toJson(diagnostics, io.cwd), null, 2)}\n`);
    else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(diagnostics, io.cwd), null, 2)}\n`);
    else io.stdout(formatText(diagnostics, io.cwd, io.isTty && !values['no-color']));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
