/**
 * Deterministic (seeded) dossiers for the benchmark and the property tests: a complete index
 * with frontmatter, every required section, a checklist row for every catalogue ER, and
 * realistic filler (prose, lists, tables, code, comments, evidence links) up to a line count,
 * plus the evidence files its links point at. Nothing is checked in: the benchmark writes them
 * to a temporary folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalogue } from '../../shared/src/catalogue-types';

/** mulberry32: a small, fast, seeded PRNG, so the same seed gives the same dossier everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the device calculator dose patient ward clinician software release version record review risk hazard control ' +
  'measure verification validation requirement evidence trust procedure laboratory sample result accuracy display ' +
  'screen user training incident report change request design input output specification test protocol acceptance ' +
  'criteria failure mode mitigation residual benefit surveillance audit interval calibration range limit warning ' +
  'label instruction maintenance supplier component library interface network server backup recovery'
).split(' ');

const EVIDENCE_FILES: Record<string, string[]> = {
  'evidence/risk-file.md': ['Risk management plan', 'Hazard log', 'Risk control measures', 'Benefit-risk conclusion'],
  'evidence/software-lifecycle.md': ['Development plan', 'Architecture and SOUP', 'Configuration management', 'Maintenance and lifetime'],
  'evidence/validation-report.md': ['Verification of calculations', 'Clinical validation', 'Regression testing'],
  'evidence/usability-summary.md': ['User groups', 'Summative evaluation'],
  'evidence/labelling-and-ifu.md': ['About screen label', 'Instructions for use', 'Symbols'],
};

const STANDARDS = ['ISO 14971:2019', 'IEC 62304:2006+A1:2015', 'IEC 62366-1:2015+A1:2020', 'ISO 13485:2016', 'IEC 82304-1:2016', 'ISO 20417:2021'];

function slug(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

class Writer {
  readonly lines: string[] = [];
  constructor(
    readonly random: () => number,
    /** Put in the odd problem (a superseded standard, a broken link), as real dossiers have. */
    readonly problems = false,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  words(count: number): string {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }

  sentence(): string {
    const text = this.words(this.int(6, 14));
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  }

  evidenceLink(): string {
    const file = this.pick(Object.keys(EVIDENCE_FILES));
    const heading = this.pick(EVIDENCE_FILES[file]!);
    return `[${heading}](${file}#${slug(heading)})`;
  }

  /** A paragraph wrapped at about 100 characters, with the occasional link, standard or emphasis. */
  paragraph(): void {
    const parts: string[] = [];
    const sentences = this.int(2, 6);
    for (let i = 0; i < sentences; i++) {
      parts.push(this.sentence());
      const roll = this.random();
      if (this.problems && roll < 0.01) parts.push('It was first verified against ISO 14971:2007.');
      else if (this.problems && roll < 0.015) parts.push('See [the old report](evidence/old-report.md).');
      else if (roll < 0.15) parts.push(`See ${this.evidenceLink()}.`);
      else if (roll < 0.25) parts.push(`It follows **${this.pick(STANDARDS)}**.`);
      else if (roll < 0.3) parts.push(`The value is \`${this.int(1, 999)} mg\`.`);
    }
    let line = '';
    for (const word of parts.join(' ').split(' ')) {
      if (line && line.length + word.length > 100) {
        this.lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) this.lines.push(line);
    this.lines.push('');
  }

  list(): void {
    const items = this.int(2, 6);
    for (let i = 0; i < items; i++) this.lines.push(`- **${this.words(2)}:** ${this.sentence()}`);
    this.lines.push('');
  }

  table(): void {
    this.lines.push('| Item | Value | Reference |', '| --- | --- | --- |');
    const rows = this.int(3, 8);
    for (let i = 0; i < rows; i++) this.lines.push(`| ${this.words(2)} | ${this.int(1, 500)} ${this.pick(['mg', 'mL', 'h', 'kg'])} | ${this.evidenceLink()} |`);
    this.lines.push('');
  }

  code(): void {
    this.lines.push('```text');
    const rows = this.int(2, 6);
    for (let i = 0; i < rows; i++) this.lines.push(`${this.words(3)} = ${this.int(0, 9999)}`);
    this.lines.push('```', '');
  }

  comment(): void {
    this.lines.push(`<!-- reviewer note: ${this.words(6)} -->`, '');
  }
}

export interface GeneratedDossier {
  /** Files relative to the dossier folder: `index.md` and its evidence files. */
  files: Record<string, string>;
  /** Line count of index.md. */
  lines: number;
}

function frontmatter(name: string, code: string): string[] {
  return [
    '---',
    'device:',
    `  name: ${name}`,
    `  code: ${code}`,
    '  version: 2.1.0',
    '  description: Web calculator that works out doses from values a prescriber enters.',
    '  intended-purpose: >-',
    '    Calculates a first dose and a dosing interval for patients on the wards of the Trust',
    '    from the weight and age entered by a prescriber, following the Trust guideline.',
    '  classification: IIa',
    '  characteristics: [software]',
    '  traceability: Version and build id shown on every screen',
    'institution:',
    '  name: Example NHS Foundation Trust',
    '  address: 1 Hospital Road, Exampletown EX1 1AA',
    '  declaration-url: https://example.nhs.uk/hie/declarations',
    'target-group: Adults and children receiving the medicine on the wards',
    'status: in-use',
    'clinical-investigation: false',
    '---',
    '',
  ];
}

function requiredSections(name: string): string[] {
  return [
    '## Market scanning',
    '',
    '- **Date of the scan:** 20 January 2026.',
    '- **Alternatives considered:** two CE-marked commercial products and the electronic prescribing module.',
    '- **Why none meets the needs:** none of the alternatives supports the dosing rules the target group needs.',
    '- **Re-scan frequency:** the market is re-scanned every 12 months.',
    '',
    '## Quality management system',
    '',
    'The device is made under a quality management system that follows **ISO 13485:2016**.',
    'Scope: design, manufacture and post-market surveillance of in-house medical devices.',
    '',
    '## Risk management',
    '',
    'Risk is managed by the process of ISO 14971:2019. The risk management file is in',
    '[evidence/risk-file.md](evidence/risk-file.md).',
    '',
    '## Informed patient consent',
    '',
    '- **Information that the device is made under the HIE:** patients are told the device was made by the Trust under the Health Institution Exemption.',
    '- **Risk information given:** the leaflet explains the risks and the checks made on every result.',
    '- **How consent is obtained and recorded:** consent is obtained verbally and recorded in the patient record.',
    '',
    '## Records and traceability',
    '',
    'The central record entry for this device is HIE-0042 in the equipment management database:',
    `the device (${name}), its users (prescribers and pharmacists) and locations (the wards), and`,
    'its asset reference SW-ASSET-0137 in the Trust inventory.',
    '',
    '## Post-market surveillance',
    '',
    '- **Documented review procedure and frequency:** the device is reviewed every six months under procedure PMS-01.',
    '- **Corrective and preventive actions:** problems are logged in the CAPA register and acted on.',
    '- **Adverse incident reporting:** adverse incidents are reported to the MHRA through the Yellow Card scheme.',
    '',
    '## Public declaration',
    '',
    'Example NHS Foundation Trust, 1 Hospital Road, Exampletown EX1 1AA, makes and uses the device',
    `${name}, product code EX-SW-0042, version 2.1.0. Intended purpose: calculates a first dose`,
    'for patients on the wards. The Trust declares that the device meets the essential requirements',
    'of Part II of the UK MDR 2002, Annex I as modified by Schedule 2A. The declaration is published',
    'at https://example.nhs.uk/hie/declarations.',
    '',
  ];
}

function checklist(catalogue: Catalogue, writer: Writer): string[] {
  const lines = ['## Essential requirements', '', '| ER | Applies | Standards | Evidence | Justification |', '| --- | --- | --- | --- | --- |'];
  for (const er of catalogue.essentialRequirements) {
    const applies = !er.excludable || er.applicability.always || (er.applicability.characteristics ?? []).includes('software');
    lines.push(
      applies
        ? `| ${er.number} ${er.title} | Yes | ${writer.pick(STANDARDS)} | ${writer.evidenceLink()} | |`
        : `| ${er.number} ${er.title} | No | | | The device is software only, so nothing in this requirement arises: ${writer.words(5)}. |`,
    );
  }
  lines.push('');
  return lines;
}

function evidenceFile(title: string, headings: string[], writer: Writer): string {
  writer.lines.length = 0;
  writer.lines.push(`# ${title}`, '');
  for (const heading of headings) {
    writer.lines.push(`## ${heading}`, '');
    writer.paragraph();
  }
  return writer.lines.join('\n');
}

/**
 * A dossier whose index has about `targetLines` lines (never fewer), the same for the same seed;
 * clean unless `problems` asks for a few superseded standards and broken links.
 */
export function generateDossier(catalogue: Catalogue, targetLines: number, seed: number, name = `Generated device ${seed}`, problems = false): GeneratedDossier {
  const writer = new Writer(seededRandom(seed), problems);
  const head = [...frontmatter(name, `EX-SW-${seed}`), `# ${name}: technical documentation`, '', ...requiredSections(name)];
  const table = checklist(catalogue, writer);
  // Filler sections go before and after the checklist, so edits "in the middle" and "in the
  // checklist" land in different places of a large file.
  const fillerLines = Math.max(0, targetLines - head.length - table.length);
  const filler = (count: number, startAt: number): string[] => {
    writer.lines.length = 0;
    let section = startAt;
    while (writer.lines.length < count) {
      writer.lines.push(`## Design record ${section}`, '');
      section++;
      const blocks = writer.int(2, 6);
      for (let i = 0; i < blocks; i++) {
        const r = writer.random();
        if (r < 0.55) writer.paragraph();
        else if (r < 0.75) writer.list();
        else if (r < 0.87) writer.table();
        else if (r < 0.95) writer.code();
        else writer.comment();
      }
      if (writer.random() < 0.2) {
        writer.lines.push(`### Notes on record ${section - 1}`, '');
        writer.paragraph();
      }
    }
    return [...writer.lines];
  };
  const before = filler(Math.floor(fillerLines / 2), 1);
  const after = filler(fillerLines - before.length, 100000);
  const index = [...head, ...before, ...table, ...after].join('\n');
  const files: Record<string, string> = { 'index.md': index };
  for (const [file, headings] of Object.entries(EVIDENCE_FILES)) files[file] = evidenceFile(file.replace(/^evidence\/|\.md$/g, ''), headings, writer);
  return { files, lines: index.split('\n').length };
}

/** Writes files (relative paths → text) under a folder. */
export function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(folder, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
}

/**
 * A repository of `count` dossiers of 100 to 500 lines (seeded), each in its own folder with its
 * evidence files, under a `.git` folder marker so every tool sees one workspace.
 */
export function generateWorkspace(catalogue: Catalogue, folder: string, count: number, seed: number, problems = false): { indexes: string[]; lines: number; bytes: number } {
  const random = seededRandom(seed);
  fs.mkdirSync(path.join(folder, '.git'), { recursive: true });
  const indexes: string[] = [];
  let lines = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const dossier = generateDossier(catalogue, 100 + Math.floor(random() * 400), seed * 1000 + i, `Device ${String(i + 1).padStart(3, '0')}`, problems);
    const dossierFolder = path.join(folder, `device-${String(i + 1).padStart(3, '0')}`);
    writeFiles(dossierFolder, dossier.files);
    indexes.push(path.join(dossierFolder, 'index.md'));
    lines += dossier.lines;
    bytes += Object.values(dossier.files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  }
  return { indexes, lines, bytes };
}
