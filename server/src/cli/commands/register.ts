/** `hie-dossier register`: the institution's central record of HIE devices, one line per dossier. */
import { parseArgs } from 'node:util';
import { registerEntry, renderRegisterCsv, renderRegisterJson, renderRegisterMarkdown } from '../../languageservice/outputs/register';
import { UsageError, type CliCommand, type CliIo } from '../io';
import { checkDossiers, relativeDisplay, requireFormat, resolveConfig, writeOutput } from './dossierOutputs';

const FORMATS = ['csv', 'json', 'md'] as const;

const USAGE = `Usage: hie-dossier register [options] PATH...

Writes the central record of the devices made under the Health Institution Exemption: one line
per dossier found under the paths, with the device name, product code, version, classification,
status, institution, users, locations, asset reference, declaration URL, date of the last market
scan and the number of errors and warnings of its dossier.

Users, locations and the asset reference come from the optional frontmatter fields \`users\`,
\`locations\` and \`asset\`, or else from the labelled items of the records section
("Users: ...", "Locations: ...", "Asset and inventory reference: ...").

Options:
  --format csv|json|md   output format (default: csv)
  --output FILE          write to a file instead of stdout
  --config FILE          use this configuration file instead of .hie-dossier.yaml

Exit status: 0 written (also when no dossier is found), 2 bad usage.
`;

export const registerCommand: CliCommand = {
  name: 'register',
  summary: 'write the central record of every dossier (CSV, JSON or Markdown)',
  usage: USAGE,
  run(args: string[], io: CliIo): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, output: { type: 'string' }, config: { type: 'string' } },
    });
    if (positionals.length === 0) throw new UsageError('Give the files or folders that hold the dossiers.');
    const format = requireFormat(values.format, FORMATS, 'csv');
    const display = relativeDisplay(io.cwd);
    const { dossiers } = checkDossiers(positionals, io.cwd, resolveConfig(io, values.config));
    if (dossiers.length === 0) io.stderr(`hie-dossier register: no dossier found under ${positionals.join(', ')}.\n`);
    const entries = dossiers.map(({ dossier, diagnostics }) => registerEntry(dossier, diagnostics, display));
    const text = format === 'json' ? renderRegisterJson(entries) : format === 'md' ? renderRegisterMarkdown(entries) : renderRegisterCsv(entries);
    writeOutput(io, text, values.output);
    return 0;
  },
};
