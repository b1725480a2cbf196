/**
 * Markdown descriptions of catalogue items, shared by hover and completion documentation.
 * Every word about regulation comes from the catalogue; this module only arranges it.
 */
import * as path from 'node:path';
import type { EssentialRequirement, Standard } from '../../../../shared/src/catalogue-types';
import type { CatalogueIndex, StandardEdition } from '../catalogue/catalogueIndex';
import { checklistOf } from '../model/checklist';
import type { Dossier } from '../model/dossier';
import type { FileModel } from '../model/fileModel';

const APPLIES_WORD = { yes: 'Yes', no: 'No', partly: 'Partly' } as const;

const code = (text: string): string => `\`${text}\``;

/** Which characteristics make an ER applicable, in words. */
function applicabilityRule(catalogue: CatalogueIndex, er: EssentialRequirement): string {
  if (er.applicability.always) return er.excludable ? 'Applies to every device.' : 'Applies to every device (a general requirement: it cannot be excluded).';
  if (catalogue.isGroup(er.number)) return 'Applies when any of its sub-requirements applies.';
  const characteristics = er.applicability.characteristics ?? [];
  return characteristics.length > 0 ? `Applies to devices with ${characteristics.map(code).join(' or ')}.` : 'Applies only where the device makes it relevant.';
}

/** Whether the ER applies to this device, and why. */
function applicabilityForDevice(catalogue: CatalogueIndex, er: EssentialRequirement, characteristics: ReadonlySet<string>): string {
  if (er.applicability.always) return applicabilityRule(catalogue, er);
  const listed = characteristics.size > 0 ? [...characteristics].map(code).join(', ') : 'none';
  if (catalogue.isGroup(er.number)) {
    const applicable = catalogue.leavesOf(er.number).filter((leaf) => catalogue.isApplicable(leaf.number, characteristics));
    return applicable.length > 0
      ? `**Applies to this device** through ${applicable.map((leaf) => leaf.number).join(', ')}.`
      : `**Does not apply to this device** (characteristics: ${listed}): none of its sub-requirements does.`;
  }
  const matching = (er.applicability.characteristics ?? []).filter((c) => characteristics.has(c));
  if (matching.length > 0) return `**Applies to this device**, which has ${matching.map(code).join(' and ')}.`;
  return `**Does not apply to this device** (characteristics: ${listed}). ${applicabilityRule(catalogue, er)}`;
}

/** Relative path of a file for messages, from the file the author is in. */
export function displayPath(from: FileModel, to: FileModel): string {
  return path.relative(path.dirname(from.path), to.path).split(path.sep).join('/') || path.basename(to.path);
}

/** The ER's status in the dossier: the row that addresses it, its Applies value and line. */
export function erStatus(catalogue: CatalogueIndex, dossier: Dossier, number: string, from: FileModel): string {
  const checklist = checklistOf(dossier, catalogue);
  if (checklist.tables.length === 0) return '**In this dossier:** no checklist yet.';
  const row = checklist.addressing(number);
  if (!row) return '**In this dossier:** no row.';
  const value = row.applies ? `**${APPLIES_WORD[row.applies]}**` : 'Applies not filled in';
  const where = `line ${row.file.lines.positionAt(row.row.range.start).line + 1}${row.file === from ? '' : ` of ${displayPath(from, row.file)}`}`;
  const through = row.number === number ? '' : ` (through the row for ER ${row.number})`;
  return `**In this dossier:** ${value}, row at ${where}${through}.`;
}

export interface ErDescriptionOptions {
  /** The device's characteristics, when the ER is seen from a dossier. */
  characteristics?: ReadonlySet<string>;
  /** The status line, when there is a dossier to look in. */
  status?: string;
}

export function describeEr(catalogue: CatalogueIndex, number: string, options: ErDescriptionOptions = {}): string {
  const er = catalogue.ers.get(number);
  if (!er) return `**ER ${number}** is not an essential requirement of Annex I in the catalogue.`;
  const parts = [`**ER ${er.number}: ${er.title}**`, er.summary.trim()];
  parts.push(options.characteristics ? applicabilityForDevice(catalogue, er, options.characteristics) : applicabilityRule(catalogue, er));
  if (er.applicability.note) parts.push(`_${er.applicability.note.trim()}_`);
  if (options.status) parts.push(options.status);
  return parts.join('\n\n');
}

export function describeStandard(standard: Standard, edition?: StandardEdition): string {
  const parts = [`**${standard.id}**: ${standard.title}`];
  if (edition && !edition.current) parts.push(`${code(edition.edition)} has been **replaced by ${code(standard.current)}**.`);
  else parts.push(`Current edition: ${code(standard.current)}.`);
  if (standard.replaces.length > 0 && (!edition || edition.current)) parts.push(`Replaces ${standard.replaces.map(code).join(', ')}.`);
  if (standard.supports.length > 0) parts.push(`Typically supports ER ${standard.supports.join(', ')}.`);
  return parts.join('\n\n');
}

/** The leaf ERs a characteristic makes applicable (those not applicable to every device anyway). */
export function ersMadeApplicableBy(catalogue: CatalogueIndex, characteristic: string): EssentialRequirement[] {
  return catalogue.catalogue.essentialRequirements.filter(
    (er) => !catalogue.isGroup(er.number) && !er.applicability.always && (er.applicability.characteristics ?? []).includes(characteristic),
  );
}

export function describeCharacteristic(catalogue: CatalogueIndex, id: string): string {
  const characteristic = catalogue.catalogue.characteristics.find((c) => c.id === id);
  if (!characteristic) return `${code(id)} is not in the catalogue vocabulary of device characteristics.`;
  const ers = ersMadeApplicableBy(catalogue, id);
  const list = ers.length > 0 ? ers.map((er) => `- ER ${er.number}: ${er.title}`).join('\n') : 'No ER beyond those that apply to every device.';
  return `**${code(id)}**: ${characteristic.description.trim()}\n\nMakes applicable:\n\n${list}`;
}
