/**
 * The fixed phrases of the public declaration. The MHRA leading practice guidelines for the
 * Health Institution Exemption (17 December 2025, "Public declaration") ask for "a declaration
 * that the devices meet the essential requirements set out in Part II of the UK MDR 2002,
 * Annex I, as modified by Schedule 2A"; the statement below says exactly that. Kept in one
 * place so the wording can be reviewed (or moved into the catalogue) without touching renderers.
 */

export const REGULATION = 'Part II of the UK MDR 2002, Annex I as modified by Schedule 2A';

export function declarationStatement(institution: string, device: string): string {
  return `${institution} declares that ${device} meets the essential requirements set out in ${REGULATION} that are relevant to it, and that the technical documentation showing this is held by ${institution}.`;
}

export function exemptionSentence(institution: string): string {
  return `The device is manufactured and used within ${institution} under the Health Institution Exemption, and is not placed on the market.`;
}

export const EXCEPTIONS_INTRODUCTION = 'The following essential requirements apply to the device only in part, or do not apply to it, for the reasons given.';

export const NO_EXCEPTIONS = 'Every essential requirement is marked as applying to the device in full.';

export const DRAFT_NOTICE = 'DRAFT: not for publication.';

export const NOT_STATED = 'not stated in the dossier';

export const EXCEPTION_LABEL = { partly: 'Applies in part', no: 'Does not apply' } as const;
