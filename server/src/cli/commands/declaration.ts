/** `hie-dossier declaration`: the public declaration of each dossier under the paths. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDeclaration, renderDeclarationHtml, renderDeclarationMarkdown, renderDeclarationsMarkdown, type Declaration } from '../../languageservice/outputs/declaration';
import { problemLine } from '../../languageservice/outputs/problems';
import { UsageError, type CliCommand, type CliIo } from '../io';
import { checkDossiers, fileNameFor, relativeDisplay, requireFormat, resolveConfig, writeOutput } from './dossierOutputs';

const FORMATS = ['md', 'html'] as const;

const USAGE = `Usage: hie-dossier declaration [options] PATH...

Writes the public declaration of each dossier under the paths, as the MHRA leading practice
guidelines for the Health Institution Exemption ask: the institution's name and address, the
details that identify the device, its intended purpose, and the statement that it meets the
essential requirements of Part II of the UK MDR 2002, Annex I as modified by Schedule 2A, with
every ER marked Partly or No listed with its justification.

It refuses (exit status 1, the problems listed on stderr) while a dossier still has errors,
unless --draft is given; a draft is marked DRAFT.

Options:
  --format md|html     output format (default: md); html is a standalone page, ready to publish
  --draft              write the declaration even if the dossier has errors, marked DRAFT
  --date YYYY-MM-DD    date the declaration (no date is written otherwise)
  --output FILE|DIR    write to a file instead of stdout; with a folder (an existing one, or a
                       path ending in /), one file per dossier named after its product code
  --config FILE        use this configuration file instead of .hie-dossier.yaml

Exit status: 0 written, 1 refused or no dossier found, 2 bad usage.
`;

function isFolderTarget(cwd: string, output: string): boolean {
  if (/[\\/]$/.test(output)) return true;
  try {
    return fs.statSync(path.resolve(cwd, output)).isDirectory();
  } catch {
    return false;
  }
}

export const declarationCommand: CliCommand = {
  name: 'declaration',
  summary: 'write the public declaration of each dossier (Markdown or HTML)',
  usage: USAGE,
  run(args: string[], io: CliIo): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        draft: { type: 'boolean', default: false },
        date: { type: 'string' },
        output: { type: 'string' },
        config: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('Give the dossier (or a folder of dossiers) to declare.');
    const format = requireFormat(values.format, FORMATS, 'md');
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError('--date takes a date written YYYY-MM-DD.');
    const display = relativeDisplay(io.cwd);
    const { service, dossiers } = checkDossiers(positionals, io.cwd, resolveConfig(io, values.config));
    if (dossiers.length === 0) {
      io.stderr(`hie-dossier declaration: no dossier found under ${positionals.join(', ')}.\n`);
      return 1;
    }

    const declarations = dossiers.map(({ dossier, diagnostics }) =>
      buildDeclaration(dossier, service.catalogue, diagnostics, { draft: values.draft, ...(values.date ? { date: values.date } : {}) }),
    );
    const blocked = declarations.filter((declaration) => declaration.blockers.length > 0);
    if (blocked.length > 0 && !values.draft) {
      const lines = blocked.flatMap((declaration) => [
        `${display(declaration.path)}: the dossier has ${declaration.blockers.length} error${declaration.blockers.length === 1 ? '' : 's'}, so its declaration cannot be published:`,
        ...declaration.blockers.map((d) => `  ${problemLine(d, display)}`),
      ]);
      io.stderr(`${lines.join('\n')}\n\nCorrect the errors (hie-dossier check shows them all), or add --draft to write a declaration marked DRAFT.\n`);
      return 1;
    }

    const render = (list: readonly Declaration[]): string =>
      format === 'html' ? renderDeclarationHtml(list, display) : list.length === 1 ? renderDeclarationMarkdown(list[0]!, display) : renderDeclarationsMarkdown(list, display);
    if (values.output !== undefined && isFolderTarget(io.cwd, values.output)) {
      const used = new Set<string>();
      for (const declaration of declarations) {
        const base = fileNameFor(declaration.facts.code ?? declaration.facts.name ?? path.basename(path.dirname(declaration.path)));
        let name = base;
        for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
        used.add(name);
        writeOutput(io, render([declaration]), path.join(values.output, `${name}.${format}`));
      }
    } else writeOutput(io, render(declarations), values.output);
    return 0;
  },
};
