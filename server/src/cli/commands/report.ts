/** `hie-dossier report`: the full essential requirements checklist of each dossier, for a reviewer. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildChecklistReport, renderChecklistCsv, renderChecklistHtml, renderChecklistMarkdown } from '../../languageservice/outputs/checklistReport';
import { rebaseLinks } from '../../languageservice/outputs/links';
import { UsageError, type CliCommand, type CliIo } from '../io';
import { checkDossiers, relativeDisplay, requireFormat, resolveConfig, writeOutput } from './dossierOutputs';

const FORMATS = ['md', 'html', 'csv'] as const;

const USAGE = `Usage: hie-dossier report [options] PATH...

Writes the essential requirements checklist of each dossier under the paths as a reviewer reads
it: every ER of Annex I with its title, status (Yes, No, Partly, or missing when the checklist
has no row for it), standards, evidence (as links), justification and the problems found on its
row, after a summary of the coverage (addressed, applicable, excluded, unjustified).

Options:
  --format md|html|csv   output format (default: md); csv has one line per ER and a Dossier column
  --output FILE          write to a file instead of stdout (evidence links are made relative to it)
  --config FILE          use this configuration file instead of .hie-dossier.yaml

Exit status: 0 written, 1 no dossier found, 2 bad usage.
`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'write the essential requirements checklist of each dossier for review',
  usage: USAGE,
  run(args: string[], io: CliIo): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, output: { type: 'string' }, config: { type: 'string' } },
    });
    if (positionals.length === 0) throw new UsageError('Give the dossier (or a folder of dossiers) to report on.');
    const format = requireFormat(values.format, FORMATS, 'md');
    const display = relativeDisplay(io.cwd);
    const { service, dossiers } = checkDossiers(positionals, io.cwd, resolveConfig(io, values.config));
    if (dossiers.length === 0) {
      io.stderr(`hie-dossier report: no dossier found under ${positionals.join(', ')}.\n`);
      return 1;
    }
    // Evidence links must work from where the report is read: the output file's folder, or here.
    const base = values.output !== undefined ? path.dirname(path.resolve(io.cwd, values.output)) : io.cwd;
    const reports = dossiers.map(({ dossier, diagnostics }) => buildChecklistReport(dossier, service.catalogue, diagnostics, { rebase: rebaseLinks(base) }));
    const text =
      format === 'csv'
        ? renderChecklistCsv(reports, display)
        : format === 'html'
          ? renderChecklistHtml(reports, display)
          : reports.map((report) => renderChecklistMarkdown(report, display)).join('\n---\n\n');
    writeOutput(io, text, values.output);
    return 0;
  },
};
