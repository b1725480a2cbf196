/** Every rule, in the order of the format page. */
import { appliesInvalid } from './appliesInvalid';
import { characteristicUnknown } from './characteristicUnknown';
import { erChecklistMissing } from './erChecklistMissing';
import { erDuplicate } from './erDuplicate';
import { erMissing } from './erMissing';
import { erUnknown } from './erUnknown';
import { evidenceLinkBroken } from './evidenceLinkBroken';
import { evidenceMissing } from './evidenceMissing';
import { exclusionContradictsDevice } from './exclusionContradictsDevice';
import { exclusionNotAllowed } from './exclusionNotAllowed';
import { exclusionUnjustified } from './exclusionUnjustified';
import { frontmatterInvalid } from './frontmatterInvalid';
import { partMissing } from './partMissing';
import { patientIdentifier } from './patientIdentifier';
import { placeholderUnfilled } from './placeholderUnfilled';
import type { Rule } from './rule';
import { sectionIncomplete } from './sectionIncomplete';
import { sectionMissing } from './sectionMissing';
import { standardSuperseded } from './standardSuperseded';

export const RULES: readonly Rule[] = [
  frontmatterInvalid,
  characteristicUnknown,
  erChecklistMissing,
  erMissing,
  erUnknown,
  erDuplicate,
  exclusionUnjustified,
  exclusionNotAllowed,
  exclusionContradictsDevice,
  evidenceMissing,
  evidenceLinkBroken,
  sectionMissing,
  sectionIncomplete,
  standardSuperseded,
  patientIdentifier,
  partMissing,
  appliesInvalid,
  placeholderUnfilled,
];

/** Rules about the service itself rather than a dossier's content. */
export const SERVICE_RULES = {
  configInvalid: { id: 'config-invalid', defaultSeverity: 'error', description: 'The `.hie-dossier.yaml` configuration (or a team library) is malformed.' },
  fileTooLarge: { id: 'file-too-large', defaultSeverity: 'warning', description: 'A dossier is larger than the size limit and was not checked.' },
  fileUnreadable: { id: 'file-unreadable', defaultSeverity: 'error', description: 'A dossier file could not be read or decoded.' },
} as const;

export const ALL_RULE_IDS: readonly string[] = [...RULES.map((rule) => rule.id), ...Object.values(SERVICE_RULES).map((rule) => rule.id)];
