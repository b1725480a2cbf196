/**
 * Builds a complete, clean dossier as text (zero diagnostics), with hooks to change one thing:
 * rule tests start from it and plant exactly the defect they are about.
 */
export interface ChecklistRow {
  er: string;
  applies: string;
  standards?: string;
  evidence?: string;
  justification?: string;
}

export interface DossierParts {
  frontmatter: string;
  sections: Record<string, string>;
  rows: ChecklistRow[];
}

const NOT_FOR_SOFTWARE = 'Standalone software: it has no materials, no patient contact and no sterile or energy-emitting parts.';

export function defaultRows(): ChecklistRow[] {
  const yes = (er: string, standards: string): ChecklistRow => ({ er, applies: 'Yes', standards, evidence: '[report](evidence/report.md)' });
  const no = (er: string, justification = NOT_FOR_SOFTWARE): ChecklistRow => ({ er, applies: 'No', justification });
  return [
    yes('1', 'ISO 14971:2019'),
    yes('2', 'ISO 14971:2019'),
    yes('3', 'IEC 82304-1:2016'),
    yes('4', 'IEC 62304:2006+A1:2015'),
    yes('5', 'IEC 82304-1:2016'),
    yes('6', 'ISO 14971:2019'),
    yes('6a', 'Clinical evaluation report'),
    no('7'),
    no('8'),
    no('9.1', 'The calculator exchanges no data with other devices or systems; it runs alone in a browser.'),
    no('9.2', 'Runs on Trust desktop computers; no physical features, environment or ageing risks of its own.'),
    no('9.3'),
    no('10', 'The software calculates a dose; it has no measuring function of its own.'),
    no('11'),
    yes('12.1', 'IEC 62304:2006+A1:2015'),
    yes('12.1a', 'IEC 62304:2006+A1:2015'),
    no('12.2'),
    no('12.3'),
    no('12.4', 'It does not monitor clinical parameters of a patient and raises no alarms.'),
    no('12.5'),
    no('12.6'),
    no('12.7'),
    no('12.8', 'It delivers no energy and no substance to a patient.'),
    yes('12.9', 'IEC 62366-1:2015+A1:2020'),
    yes('13.1', 'ISO 20417:2021'),
    yes('13.2', 'ISO 15223-1:2021'),
    yes('13.3', 'ISO 20417:2021'),
    yes('13.4', 'ISO 20417:2021'),
    yes('13.5', 'ISO 20417:2021'),
    yes('13.6', 'ISO 20417:2021'),
  ];
}

export function defaultFrontmatter(characteristics = '[software]', extra = ''): string {
  return `device:
  name: Paediatric Gentamicin Dose Calculator
  code: RXH-SW-0042
  version: 2.1.0
  description: Web calculator for the first dose of gentamicin
  intended-purpose: Calculates a first gentamicin dose for neonates and children
  classification: IIa
  characteristics: ${characteristics}
  traceability: Version and build id shown on every screen
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road, Exampletown EX1 1AA
  declaration-url: https://example.nhs.uk/hie
target-group: Neonates and children under 12 receiving IV gentamicin
status: in-use
clinical-investigation: false
${extra}`;
}

export function defaultSections(): Record<string, string> {
  return {
    'market-scan': `## Market scanning

The market was last scanned on 2026-03-01. We compared three commercial dose calculators.
None supports neonatal dosing by gestational age. The market is re-scanned every 12 months.`,
    qms: `## Quality management system

We follow ISO 13485:2016. Its scope covers the medical physics department.`,
    'essential-requirements': `## Essential requirements

{{TABLE}}`,
    'risk-management': `## Risk management

Risks are managed to ISO 14971:2019. The risk management file is kept in evidence/report.md.`,
    consent: `## Informed patient consent

Parents are told that the calculator is made under the Health Institution Exemption.
They are given a leaflet on its risks. Consent is recorded in the patient record.`,
    records: `## Records and traceability

The device is entered in the central record of HIE devices. Its users are the neonatal
prescribers and its locations are the neonatal unit and children's wards. Asset reference: IT-4471.`,
    'public-declaration': `## Public declaration

Example NHS Foundation Trust, 1 Hospital Road, Exampletown EX1 1AA, declares that the
Paediatric Gentamicin Dose Calculator (RXH-SW-0042, version 2.1.0), whose intended purpose is
to calculate a first gentamicin dose, meets the essential requirements set out in Part II of the
UK MDR 2002, Annex I as modified by Schedule 2A. It is published at https://example.nhs.uk/hie.`,
    pms: `## Post-market surveillance

A documented procedure reviews performance and user feedback every quarter. Corrective and
preventive actions follow the Trust CAPA procedure. Adverse incidents are reported to the MHRA
through the Yellow Card scheme.`,
  };
}

export function renderTable(rows: ChecklistRow[], header = '| ER | Applies | Standards | Evidence | Justification |'): string {
  const lines = [header, '| --- | --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| ${row.er} | ${row.applies} | ${row.standards ?? ''} | ${row.evidence ?? ''} | ${row.justification ?? ''} |`);
  return lines.join('\n');
}

export interface BuildOptions {
  frontmatter?: string;
  rows?: ChecklistRow[];
  /** Replace or remove (undefined) sections by id. */
  sections?: Record<string, string | undefined>;
  /** Text appended at the end. */
  append?: string;
  eol?: '\n' | '\r\n';
  bom?: boolean;
}

export function buildDossier(options: BuildOptions = {}): string {
  const sections = { ...defaultSections(), ...options.sections };
  const table = renderTable(options.rows ?? defaultRows());
  const body = Object.values(sections)
    .filter((text): text is string => text !== undefined)
    .map((text) => text.replace('{{TABLE}}', table))
    .join('\n\n');
  let text = `---\n${options.frontmatter ?? defaultFrontmatter()}---\n\n# Paediatric Gentamicin Dose Calculator\n\n${body}\n${options.append ?? ''}`;
  if (options.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return (options.bom ? '\uFEFF' : '') + text;
}

/** The evidence file the default dossier links to. */
export const EVIDENCE = { '/ws/evidence/report.md': '# Report\n\n## Hazard log\n\nText.\n' };

/** Line (0-based) of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not found`);
  return text.slice(0, index).split(/\r\n|\n|\r/).length - 1;
}
