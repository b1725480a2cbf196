/**
 * The requirement catalogue (shared/catalogue/*.yaml) and its loader.
 *
 * The ER numbers are checked against the project's reference
 * (../shared/reference/essential-requirements.md, next to the repository), so that nothing is
 * hard-coded twice: every number in the first column of its tables, and the group headings
 * ("**7 Chemical, ...**") for the groups 7 to 13.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import {
  CATALOGUE_FILES,
  builtinCatalogueDirectory,
  loadCatalogueFromDirectory,
  parseCatalogue,
} from '../../server/src/languageservice/catalogue/loadCatalogue';
import type { Catalogue, EssentialRequirement, SectionSpec } from '../../shared/src/catalogue-types';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'shared', 'catalogue'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`repository root not found above ${start}`);
    dir = parent;
  }
}

const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
const referencePath = path.resolve(repoRoot, '..', 'shared', 'reference', 'essential-requirements.md');
const catalogueDir = path.join(repoRoot, 'shared', 'catalogue');

const ER_NUMBER = /^\d+(\.\d+)*[a-z]?$/;
const ER_CELL = /^\d+(\.\d+)*[a-z]?( \/ \d+(\.\d+)*[a-z]?)*$/;
const GENERAL = ['1', '2', '3', '4', '5', '6', '6a'];

interface ReferenceRow {
  numbers: string[];
  cells: string[];
}

interface Reference {
  rows: ReferenceRow[];
  /** Every ER number of the tables, in order of appearance. */
  numbers: string[];
  /** Group headings such as "**7 Chemical, physical and biological properties**": number and whole line. */
  groups: { number: string; line: string }[];
  /** Source ids with their first address, from section 4. */
  sources: Map<string, string>;
  text: string;
}

let referenceCache: Reference | undefined;

function reference(): Reference {
  if (referenceCache) return referenceCache;
  if (!existsSync(referencePath)) {
    assert.fail(
      `The ER reference is missing: expected ${referencePath} (shared/reference/essential-requirements.md next to the repository). ` +
        'The catalogue tests check every ER number against it, so they cannot run without it.',
    );
  }
  const text = readFileSync(referencePath, 'utf8');
  const rows: ReferenceRow[] = [];
  const groups: Reference['groups'] = [];
  const sources = new Map<string, string>();
  let inSources = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^##\s/.test(line)) inSources = /^##\s+\d+\.\s+Sources/.test(line);
    if (line.startsWith('|')) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const first = cells[0] ?? '';
      if (ER_CELL.test(first)) rows.push({ numbers: first.split(' / '), cells });
    }
    const group = /^\*\*(\d+)\s+[^*]+\*\*/.exec(line);
    if (group) groups.push({ number: group[1]!, line });
    if (inSources) {
      for (const m of line.matchAll(/\b(S\d+[a-z]?)\s+(https?:\/\/\S+)/g)) {
        if (!sources.has(m[1]!)) sources.set(m[1]!, m[2]!);
      }
    }
  }
  referenceCache = { rows, numbers: rows.flatMap((r) => r.numbers), groups, sources, text };
  return referenceCache;
}

function readCatalogueFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of CATALOGUE_FILES) files[file] = readFileSync(path.join(catalogueDir, file), 'utf8');
  return files;
}

let catalogueCache: Catalogue | undefined;
function catalogue(): Catalogue {
  catalogueCache ??= loadCatalogueFromDirectory(catalogueDir);
  return catalogueCache;
}

function er(number: string): EssentialRequirement {
  const found = catalogue().essentialRequirements.find((e) => e.number === number);
  assert.ok(found, `ER ${number} is not in the catalogue`);
  return found;
}

function section(id: string): SectionSpec {
  const found = catalogue().sections.find((s) => s.id === id);
  assert.ok(found, `section ${id} is not in the catalogue`);
  return found;
}

/** Annex order: numeric components, a letter suffix after the plain number (6 < 6a < 7; 12.1 < 12.1a < 12.2). */
function compareErNumbers(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const ma = /^(\d+)([a-z]?)$/.exec(pa[i]!)!;
    const mb = /^(\d+)([a-z]?)$/.exec(pb[i]!)!;
    const diff = Number(ma[1]) - Number(mb[1]);
    if (diff !== 0) return diff;
    if (ma[2] !== mb[2]) return ma[2]! < mb[2]! ? -1 : 1;
  }
  return 0;
}

function expectedParent(number: string): string | undefined {
  const parts = number.split('.');
  return parts.length > 1 ? parts.slice(0, -1).join('.') : undefined;
}

/** Changes one file of the built-in catalogue through its parsed form. */
function withEdited(file: string, edit: (data: Record<string, unknown[]>) => void): Record<string, string> {
  const files = readCatalogueFiles();
  const data = parse(files[file]!) as Record<string, unknown[]>;
  edit(data);
  files[file] = stringify(data);
  return files;
}

function problemsOf(files: Record<string, string>): string[] {
  const result = parseCatalogue(files);
  assert.equal(result.catalogue, undefined, 'a catalogue with problems must not be returned');
  assert.ok(result.problems.length > 0, 'expected at least one problem');
  return result.problems;
}

function assertProblem(problems: string[], pattern: RegExp): void {
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got:\n${problems.join('\n')}`,
  );
}

describe('catalogue: essential requirements against the reference', () => {
  it('finds the reference and a plausible number of ERs and groups in it', () => {
    const ref = reference();
    assert.ok(ref.numbers.length >= 60, `only ${ref.numbers.length} ER numbers found in ${referencePath}`);
    assert.deepEqual(
      ref.groups.map((g) => g.number),
      ['7', '8', '9', '10', '11', '12', '13'],
    );
  });

  it('has every ER number of the reference tables, with the same number', () => {
    const numbers = new Set(catalogue().essentialRequirements.map((e) => e.number));
    const missing = reference().numbers.filter((n) => !numbers.has(n));
    assert.deepEqual(missing, [], `ERs in the reference but not in the catalogue: ${missing.join(', ')}`);
  });

  it('has no ER number the reference lacks, except the group headings 7 to 13', () => {
    const ref = reference();
    const known = new Set([...ref.numbers, ...ref.groups.map((g) => g.number)]);
    const extra = catalogue()
      .essentialRequirements.map((e) => e.number)
      .filter((n) => !known.has(n));
    assert.deepEqual(extra, [], `ERs in the catalogue but not in the reference: ${extra.join(', ')}`);
    for (const group of ref.groups) {
      const entry = er(group.number);
      assert.equal(entry.parent, undefined, `group ${group.number} is top level`);
      const heading = /^\*\*\d+\s+([^*]+)\*\*/.exec(group.line)![1]!.trim();
      assert.equal(entry.title, heading, `group ${group.number} is titled with the reference's heading`);
    }
  });

  it('keeps the ERs in Annex order, matching the order of the reference', () => {
    const numbers = catalogue().essentialRequirements.map((e) => e.number);
    for (let i = 1; i < numbers.length; i++) {
      assert.ok(compareErNumbers(numbers[i - 1]!, numbers[i]!) < 0, `${numbers[i - 1]} comes before ${numbers[i]}`);
    }
    const position = new Map(numbers.map((n, i) => [n, i]));
    const refNumbers = reference().numbers;
    for (let i = 1; i < refNumbers.length; i++) {
      assert.ok(position.get(refNumbers[i - 1]!)! < position.get(refNumbers[i]!)!, `${refNumbers[i - 1]} before ${refNumbers[i]}`);
    }
  });

  it('gives every ER a well-formed number and, as parent, its number without the last component', () => {
    for (const entry of catalogue().essentialRequirements) {
      assert.match(entry.number, ER_NUMBER);
      assert.equal(entry.parent, expectedParent(entry.number), `parent of ${entry.number}`);
    }
    assert.equal(er('6a').parent, undefined);
    assert.equal(er('12.1a').parent, '12');
    assert.equal(er('11.1.1').parent, '11.1');
    assert.equal(er('11.1').parent, '11');
  });

  it('marks excludable: false exactly for the general requirements 1 to 6a', () => {
    const notExcludable = catalogue()
      .essentialRequirements.filter((e) => !e.excludable)
      .map((e) => e.number);
    assert.deepEqual(notExcludable, GENERAL);
    // The same set, read from the reference's "Never excl." column ("Yes", not the judgement "Yes*").
    const fromReference = reference()
      .rows.filter((r) => r.cells[4] === 'Yes')
      .flatMap((r) => r.numbers);
    assert.deepEqual(fromReference, GENERAL);
  });

  it('takes each row\'s confirmation and S-ids from the reference', () => {
    for (const row of reference().rows) {
      const conf = row.cells[row.cells.length - 1]!;
      const ids = [...new Set([...conf.matchAll(/\bS\d+[a-z]?\b/g)].map((m) => m[0]))].sort();
      const level = /^(C#|C|U)(?![\w#])/.exec(conf)?.[1];
      for (const number of row.numbers) {
        const entry = er(number);
        assert.deepEqual([...entry.sources].sort(), ids, `sources of ${number} (reference: ${conf})`);
        // 12.1a: the text is confirmed but the label is not ("Text C ... The label is U"): U.
        assert.equal(entry.confirmation, level ?? 'U', `confirmation of ${number} (reference: ${conf})`);
      }
    }
    for (const group of reference().groups) {
      const ids = new Set([...group.line.matchAll(/\bS\d+[a-z]?\b/g)].map((m) => m[0]));
      const entry = er(group.number);
      assert.ok(entry.sources.length > 0, `group ${group.number} cites its heading's sources`);
      for (const id of entry.sources) assert.ok(ids.has(id), `group ${group.number}: ${id} is on the heading line`);
    }
  });

  it('applies 1 to 6a and 13.1, 13.2, 13.3, 13.6 (and so group 13) to every device', () => {
    const always = catalogue()
      .essentialRequirements.filter((e) => e.applicability.always === true)
      .map((e) => e.number);
    assert.deepEqual(always, [...GENERAL, '13', '13.1', '13.2', '13.3', '13.6']);
  });

  it('gives each group the union of its children\'s applicability', () => {
    const all = catalogue().essentialRequirements;
    for (const group of all) {
      const children = all.filter((e) => e.parent === group.number);
      if (children.length === 0) continue;
      if (children.some((c) => c.applicability.always === true)) {
        assert.equal(group.applicability.always, true, `group ${group.number} applies always`);
        continue;
      }
      const union = new Set(children.flatMap((c) => c.applicability.characteristics ?? []));
      assert.deepEqual(new Set(group.applicability.characteristics ?? []), union, `characteristics of group ${group.number}`);
    }
  });

  it('maps applicability as agreed for the key requirements', () => {
    assert.deepEqual(er('12.1a').applicability.characteristics, ['software']);
    assert.deepEqual(er('12.4').applicability.characteristics, ['monitoring', 'alarms']);
    assert.deepEqual(er('11.5.2').applicability.characteristics, ['ionising-radiation']);
    assert.deepEqual(er('8.3').applicability.characteristics, ['sterile']);
    assert.deepEqual(er('10.1').applicability.characteristics, ['measuring']);
    assert.deepEqual(er('9.1').applicability.characteristics, ['connects-to-other-devices']);
    for (const n of ['8.6', '13.4', '13.5']) {
      assert.equal(er(n).applicability.characteristics, undefined, `${n} has no characteristic`);
      assert.ok(er(n).applicability.note, `${n} explains why`);
    }
  });

  it('keeps summaries short', () => {
    for (const entry of catalogue().essentialRequirements) {
      assert.ok(entry.summary.length <= 400, `summary of ${entry.number} is ${entry.summary.length} characters`);
      assert.ok(!/\n/.test(entry.summary), `summary of ${entry.number} is one paragraph`);
    }
  });
});

describe('catalogue: vocabulary, sections, standards, sources', () => {
  it('has exactly the agreed characteristics', () => {
    assert.deepEqual(
      catalogue().characteristics.map((c) => c.id),
      [
        'software',
        'sterile',
        'measuring',
        'ionising-radiation',
        'non-ionising-radiation',
        'energy-source',
        'implantable',
        'invasive',
        'medicinal-substance',
        'animal-tissue',
        'human-blood-derivative',
        'connects-to-other-devices',
        'lay-user',
        'patient-contact',
        'alarms',
        'monitoring',
      ],
    );
  });

  it('has the nine sections of the format, in order, with their required elements', () => {
    const expected: Record<string, string[]> = {
      'market-scan': ['scan-date', 'alternatives-considered', 'no-suitable-alternative', 'rescan-frequency'],
      qms: ['qms-standard', 'qms-scope'],
      'essential-requirements': [],
      'risk-management': ['risk-process', 'risk-file-location'],
      consent: ['hie-disclosure', 'risk-information', 'consent-recording'],
      records: ['device-record', 'users-and-locations', 'asset-reference'],
      'public-declaration': ['institution-details', 'device-identification', 'intended-purpose', 'er-statement', 'publication-place'],
      pms: ['review-procedure', 'corrective-actions', 'yellow-card'],
      'clinical-investigation': ['device-details', 'study-synopsis', 'study-contact', 'mhra-notification-date'],
    };
    const sections = catalogue().sections;
    assert.deepEqual(
      sections.map((s) => s.id),
      Object.keys(expected),
    );
    for (const s of sections) {
      assert.deepEqual(
        s.elements.map((e) => e.id),
        expected[s.id],
        `elements of ${s.id}`,
      );
      assert.deepEqual(s.sources, ['FORMAT', 'MHRA-LPG']);
      assert.equal(s.requiredWhen, s.id === 'clinical-investigation' ? 'clinical-investigation' : undefined);
    }
    assert.deepEqual(section('public-declaration').elements.find((e) => e.id === 'publication-place')?.orFrontmatter, ['institution.declaration-url']);
  });

  it('writes aliases the way the matcher compares them, and no heading opens two sections', () => {
    const owner = new Map<string, string>();
    for (const s of catalogue().sections) {
      // The matcher drops punctuation: "Post-market" may become "post market" or "postmarket".
      const spaced = s.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const joined = s.name.toLowerCase().replace(/-/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      assert.ok(s.aliases.includes(spaced) && s.aliases.includes(joined), `${s.id}: its name is also an alias`);
      for (const alias of s.aliases) {
        assert.match(alias, /^[a-z0-9]+( [a-z0-9]+)*$/, `${s.id}: alias "${alias}"`);
        assert.ok(!/^\d/.test(alias), `${s.id}: alias "${alias}" starts with numbering`);
        const previous = owner.get(alias);
        assert.ok(previous === undefined || previous === s.id, `"${alias}" opens both ${previous} and ${s.id}`);
        owner.set(alias, s.id);
      }
    }
    for (const alias of ['market scan', 'justification for the exemption', 'justification for using the exemption', 'market search', 'market review']) {
      assert.equal(owner.get(alias), 'market-scan', alias);
    }
    for (const alias of ['post market surveillance', 'postmarket surveillance', 'adverse incident reporting', 'incident reporting', 'vigilance', 'post market surveillance and incident reporting']) {
      assert.equal(owner.get(alias), 'pms', alias);
    }
    for (const alias of ['essential requirements checklist', 'er checklist', 'conformity with the essential requirements']) {
      assert.equal(owner.get(alias), 'essential-requirements', alias);
    }
    for (const alias of ['patient consent', 'informed consent', 'consent']) assert.equal(owner.get(alias), 'consent', alias);
    for (const alias of ['records', 'traceability', 'central record', 'device records']) assert.equal(owner.get(alias), 'records', alias);
  });

  it('keeps the standards and the ERs\' standard lists consistent', () => {
    const cat = catalogue();
    for (const standard of cat.standards) {
      assert.ok(standard.current.startsWith(standard.id), `${standard.id}: current edition ${standard.current}`);
      for (const number of standard.supports) {
        assert.ok(er(number).standards?.includes(standard.id), `ER ${number} lists ${standard.id}, which supports it`);
      }
    }
    for (const entry of cat.essentialRequirements) {
      for (const id of entry.standards ?? []) {
        const standard = cat.standards.find((s) => s.id === id);
        assert.ok(standard?.supports.includes(entry.number), `${id} supports ER ${entry.number}, which lists it`);
      }
    }
  });

  it('knows the current and replaced editions of the common standards', () => {
    const byId = new Map(catalogue().standards.map((s) => [s.id, s]));
    const expectations: [string, string, string[]][] = [
      ['ISO 13485', 'ISO 13485:2016', ['ISO 13485:2003', 'ISO 13485:1996']],
      ['ISO 14971', 'ISO 14971:2019', ['ISO 14971:2007', 'ISO 14971:2000']],
      ['IEC 62304', 'IEC 62304:2006+A1:2015', ['IEC 62304:2006']],
      ['IEC 62366-1', 'IEC 62366-1:2015+A1:2020', ['IEC 62366-1:2015', 'IEC 62366:2007']],
      ['IEC 60601-1', 'IEC 60601-1:2005+A1:2012+A2:2020', ['IEC 60601-1:2005', 'IEC 60601-1:2005+A1:2012', 'IEC 60601-1:1988']],
      ['IEC 60601-1-2', 'IEC 60601-1-2:2014+A1:2020', ['IEC 60601-1-2:2014', 'IEC 60601-1-2:2007']],
      ['IEC 60601-1-8', 'IEC 60601-1-8:2006+A1:2012+A2:2020', ['IEC 60601-1-8:2006', 'IEC 60601-1-8:2003']],
      ['ISO 10993-1', 'ISO 10993-1:2025', ['ISO 10993-1:2018', 'ISO 10993-1:2009']],
      ['ISO 15223-1', 'ISO 15223-1:2021', ['ISO 15223-1:2016', 'ISO 15223-1:2012']],
      ['ISO 20417', 'ISO 20417:2021', ['EN 1041:2008+A1:2013', 'EN 1041:2008']],
      ['IEC 82304-1', 'IEC 82304-1:2016', []],
      ['ISO 14155', 'ISO 14155:2020', ['ISO 14155:2011']],
      ['DCB0129', 'DCB0129', []],
      ['DCB0160', 'DCB0160', []],
    ];
    assert.deepEqual([...byId.keys()].sort(), expectations.map(([id]) => id).sort());
    for (const [id, current, replaces] of expectations) {
      assert.equal(byId.get(id)?.current, current, id);
      assert.deepEqual(byId.get(id)?.replaces, replaces, id);
    }
    assert.deepEqual(byId.get('ISO 14971')?.supports, ['1', '2', '6', '12.1a']);
    assert.deepEqual(byId.get('IEC 60601-1-8')?.supports, ['12.4']);
  });

  it('lists every source of the reference with its address, plus MHRA-LPG, FORMAT and PUB', () => {
    const ref = reference();
    const sources = catalogue().sources;
    const ids = sources.map((s) => s.id);
    const expected = [...Array.from({ length: 36 }, (_, i) => `S${i + 1}`), 'S17b', 'S28b'];
    assert.deepEqual([...ref.sources.keys()].sort(), [...expected].sort(), 'source ids found in the reference');
    assert.deepEqual([...ids].sort(), [...expected, 'MHRA-LPG', 'FORMAT', 'PUB'].sort());
    for (const [id, address] of ref.sources) {
      assert.equal(sources.find((s) => s.id === id)?.address, address, `address of ${id}`);
    }
  });
});

describe('catalogue: section element recognition', () => {
  /**
   * Emulates the section-incomplete rule: every group must have a matching pattern (case-insensitive).
   * The rule's text includes the heading, so the section's name is put first: a heading alone must
   * never make an element present.
   */
  function present(sectionId: string, body: string): Set<string> {
    const text = `${section(sectionId).name}\n${body}`;
    const found = new Set<string>();
    for (const element of section(sectionId).elements) {
      const results = ['i', 'iu'].map((flags) =>
        element.recognisedBy.allOf.every((group) => group.some((pattern) => new RegExp(pattern, flags).test(text))),
      );
      assert.equal(results[0], results[1], `${element.id}: same result with and without the u flag`);
      if (results[0]) found.add(element.id);
    }
    return found;
  }

  function assertComplete(sectionId: string, text: string): void {
    const all = section(sectionId).elements.map((e) => e.id);
    const found = present(sectionId, text);
    assert.deepEqual(
      all.filter((id) => !found.has(id)),
      [],
      `${sectionId}: elements not recognised in:\n${text}`,
    );
  }

  function assertMissing(sectionId: string, text: string, missing: string[]): void {
    const found = present(sectionId, text);
    const absent = section(sectionId)
      .elements.map((e) => e.id)
      .filter((id) => !found.has(id));
    assert.deepEqual(absent, missing, `${sectionId}: missing elements in:\n${text}`);
  }

  it('recognises complete market scans written in different styles', () => {
    assertComplete(
      'market-scan',
      'A market scan was carried out on 3 February 2026 by the pharmacy and medical physics teams. We searched the NHS Supply Chain ' +
        'catalogue and the websites of three suppliers. Two commercial dose calculators were identified (Product A and Product B). ' +
        'Neither is validated for neonates, so they do not meet the needs of our target group. The market will be re-scanned every 12 months.',
    );
    assertComplete('market-scan', 'Date of scan: 2026-03-01\nAlternatives considered: DoseCalc Pro, NeoDose\nOutcome: none covers children under 12\nRescan: annually');
    assertComplete('market-scan', 'Market search completed March 2026. Equivalent devices: the XYZ infusion app. It is not licensed for paediatric use. The search is repeated yearly.');
    assertComplete('market-scan', 'Scanned on 01/03/2026. The only CE marked alternative is adult-only. Next scan due in March 2027.');
    assertComplete(
      'market-scan',
      'In January 2026 we reviewed the UK market for paediatric dose calculators, searching supplier catalogues and the NHS Supply Chain framework. ' +
        'The two products found are designed for adults and cannot account for neonatal renal maturity. We will repeat the scan at least once a year.',
    );
  });

  it('catches market scans that lack content', () => {
    assertMissing('market-scan', 'We looked at the market.', ['scan-date', 'alternatives-considered', 'no-suitable-alternative', 'rescan-frequency']);
    assertMissing('market-scan', 'Market scan date: 2026-03-01. Products considered: A and B.', ['no-suitable-alternative', 'rescan-frequency']);
  });

  it('recognises and checks the QMS section', () => {
    assertComplete('qms', "Devices are made under the Trust's quality management system, certified to ISO 13485:2016. Its scope covers the Clinical Engineering department.");
    assertComplete('qms', 'We follow ISO 9001:2015; the QMS applies to the whole trust.');
    assertComplete('qms', 'QMS: BS EN ISO 13485:2016. Scope: design and manufacture of in-house software.');
    assertComplete('qms', 'The device is manufactured under the Medical Physics QMS, which conforms to ISO 13485:2016.');
    assertMissing('qms', 'We have a QMS.', ['qms-standard', 'qms-scope']);
    assertMissing('qms', 'We are certified to ISO 13485:2016.', ['qms-scope']);
  });

  it('recognises and checks the risk management section', () => {
    assertComplete('risk-management', 'Risk is managed under ISO 14971:2019. The risk management file is kept in the document control system (ref RMF-042).');
    assertComplete('risk-management', 'Hazards are identified and controlled following DCB0129; the hazard log is held on SharePoint.');
    assertComplete('risk-management', 'We apply ISO 14971:2019. See risk.md for the risk management file.');
    assertComplete('risk-management', 'Risk management follows ISO 14971:2019; the risk management file is RMF-0042.');
    // A link's destination is not part of the plain text: "The risk file is [the risk management file](evidence/rmf.md)."
    assertComplete('risk-management', 'Risk management\nThe risk management process follows ISO 14971:2019. The risk file is the risk management file.');
    assertMissing('risk-management', 'Risks are low.', ['risk-process', 'risk-file-location']);
    assertMissing('risk-management', 'Risk management follows ISO 14971:2019.', ['risk-file-location']);
  });

  it('recognises and checks the consent section', () => {
    assertComplete(
      'consent',
      'Before use, the clinician explains to the patient or parent that the calculator was made in-house under the Health Institution Exemption, ' +
        'and gives the patient information leaflet, which describes its risks and limitations. Verbal consent is obtained and recorded in the electronic patient record.',
    );
    assertComplete('consent', 'Patients are informed that this is an HIE device. Key risks are discussed. Written consent is documented on the consent form.');
    assertComplete(
      'consent',
      'Parents are given an information sheet explaining that the device is made by the Trust under the HIE, with its benefits and risks. Consent is captured on the e-consent system.',
    );
    assertMissing('consent', 'Consent is obtained.', ['hie-disclosure', 'risk-information', 'consent-recording']);
  });

  it('recognises and checks the records section', () => {
    assertComplete(
      'records',
      "The device is recorded in the Trust's central HIE device register (entry HIE-017). It is used by consultant neonatologists and pharmacists " +
        'on the neonatal unit and ward 4. Asset number MP-00412 in the medical equipment inventory.',
    );
    assertComplete('records', 'Listed in the central register. Users: PICU nurses and doctors. Locations: PICU, Ward 7. CMDB reference APP-2231.');
    assertComplete('records', "The app is listed on the Trust's application register, used by ED clinicians at both sites, asset ID SW-0042.");
    assertMissing('records', 'The device is traceable.', ['device-record', 'users-and-locations', 'asset-reference']);
  });

  it('recognises and checks the public declaration', () => {
    assertComplete(
      'public-declaration',
      'Example NHS Foundation Trust, 1 Hospital Road, Exampletown EX1 1AA, declares that the Paediatric Gentamicin Dose Calculator ' +
        '(product code RXH-SW-0042, version 2.1.0), a web calculator used to calculate a first gentamicin dose for children, meets the relevant ' +
        'essential requirements set out in Part II of the UK MDR 2002, Annex I, as modified by Schedule 2A. This declaration is published on the Trust website.',
    );
    assertComplete(
      'public-declaration',
      'Institution: Example University Health Board, address: Castle Street, Cardiff CF10 1AA\nDevice: NeoTemp probe holder, reference NT-3, traced by batch\n' +
        'Intended purpose: holds a temperature probe in place on neonates\nStatement: the device meets the essential requirements of Annex 1 as modified by Sch. 2A.\n' +
        'Publication: https://example.nhs.uk/hie',
    );
    assertMissing('public-declaration', 'The device is safe.', ['institution-details', 'device-identification', 'intended-purpose', 'er-statement', 'publication-place']);
    assertMissing('public-declaration', 'The device meets the essential requirements.', ['institution-details', 'device-identification', 'intended-purpose', 'er-statement', 'publication-place']);
  });

  it('recognises and checks the post-market surveillance section', () => {
    assertComplete(
      'pms',
      'Performance is reviewed every three months by the HIE oversight group, following procedure SOP-PMS-01. Where a problem is found, corrective and ' +
        'preventive actions are taken, such as modifying the device or suspending use. All adverse incidents are reported to the MHRA through the Yellow Card scheme.',
    );
    assertComplete('pms', 'User feedback and incident reports are analysed quarterly. CAPA is managed in Datix. Incidents are reported via Yellow Card.');
    assertComplete(
      'pms',
      'Incidents are logged in Datix and reviewed monthly at the Medical Devices Safety Group; actions are agreed and tracked to closure. ' +
        'Adverse incidents are reported on the MHRA Yellow Card site.',
    );
    assertMissing('pms', 'We monitor the device.', ['review-procedure', 'corrective-actions', 'yellow-card']);
  });

  it('recognises and checks the clinical investigation section', () => {
    assertComplete(
      'clinical-investigation',
      'Device: gentamicin calculator v2.1.0, developed and manufactured by the Clinical Informatics team. Synopsis: a prospective study that aims to compare ' +
        'first-dose accuracy with manual calculation. Chief investigator: Dr A Example (a.example@nhs.net). The MHRA was notified by email to ' +
        'CI-applications@mhra.gov.uk on 12 January 2026.',
    );
    assertComplete(
      'clinical-investigation',
      'The device (version 3, built in-house by Medical Physics) is studied under protocol P-12. Contact: study lead J Smith. MHRA notified 3 Feb 2026 by email.',
    );
    assertMissing('clinical-investigation', 'A study is planned.', ['device-details', 'study-synopsis', 'study-contact', 'mhra-notification-date']);
    assertMissing('clinical-investigation', 'The MHRA will be notified.', ['device-details', 'study-synopsis', 'study-contact', 'mhra-notification-date']);
  });

  it('does not count a heading of a section as one of its elements, unless the heading names it', () => {
    // The rule's text includes the heading. These headings name the element's subject, so a section
    // under them is taken to state it; any other heading that satisfies an element is a mistake.
    const namesElement = new Set([
      'review of alternatives -> alternatives-considered',
      'alternatives considered -> alternatives-considered',
      'commercial alternatives -> alternatives-considered',
      'availability of equivalent devices -> alternatives-considered',
      'risk management process -> risk-process',
      'risk assessment -> risk-process',
      'risk analysis -> risk-process',
      'hazard analysis -> risk-process',
      'central record -> device-record',
      'central register -> device-record',
      'device records -> device-record',
      'device record -> device-record',
      'device register -> device-record',
      'hie register -> device-record',
      'hie device register -> device-record',
      'asset register -> device-record',
      'asset register -> asset-reference',
      'published declaration -> publication-place',
      'yellow card reporting -> yellow-card',
    ]);
    const unexpected: string[] = [];
    for (const s of catalogue().sections) {
      for (const heading of [s.name, ...s.aliases]) {
        for (const element of s.elements) {
          const matched = element.recognisedBy.allOf.every((group) => group.some((p) => new RegExp(p, 'iu').test(heading)));
          if (matched && !namesElement.has(`${heading} -> ${element.id}`)) unexpected.push(`${s.id}: "${heading}" satisfies ${element.id}`);
        }
      }
    }
    assert.deepEqual(unexpected, []);
  });

  it('gives every element a description and a placeholder prompt', () => {
    for (const s of catalogue().sections) {
      for (const element of s.elements) {
        assert.ok(element.description.length > 0, `${s.id}/${element.id} description`);
        assert.match(element.prompt, /\$\{1:[^}]+\}/, `${s.id}/${element.id} prompt has a placeholder`);
      }
    }
  });
});

describe('catalogue loader', () => {
  it('finds and loads the built-in catalogue with no problems', () => {
    const dir = builtinCatalogueDirectory();
    assert.equal(dir, catalogueDir);
    const result = parseCatalogue(readCatalogueFiles());
    assert.deepEqual(result.problems, []);
    assert.ok(result.catalogue);
    assert.equal(result.catalogue.essentialRequirements.length, loadCatalogueFromDirectory(dir).essentialRequirements.length);
  });

  it('reports a broken YAML file', () => {
    const files = readCatalogueFiles();
    files['sources.yaml'] = 'sources:\n  - id: S1\n    title: [unclosed\n  - id: S2\n';
    assertProblem(problemsOf(files), /^sources\.yaml: YAML error: /);
  });

  it('reports duplicate keys, a missing file and a file with the wrong top-level key', () => {
    const files = readCatalogueFiles();
    files['characteristics.yaml'] = 'characteristics: []\ncharacteristics: []\n';
    delete files['standards.yaml'];
    files['sources.yaml'] = 'source: []\n';
    const problems = problemsOf(files);
    assertProblem(problems, /^characteristics\.yaml: YAML error: .*unique/i);
    assertProblem(problems, /^standards\.yaml: file is missing$/);
    assertProblem(problems, /^sources\.yaml: unexpected top-level key "source"/);
    assertProblem(problems, /^sources\.yaml: missing the top-level key "sources"/);
  });

  it('reports an ER with an unknown parent', () => {
    const files = withEdited('essential-requirements.yaml', (data) => {
      (data['essentialRequirements']!.find((e) => (e as EssentialRequirement).number === '7.1') as EssentialRequirement).parent = '99';
    });
    assertProblem(problemsOf(files), /^essential-requirements\.yaml: ER 7\.1: parent "99" is not an ER number/);
  });

  it('reports an unknown characteristic', () => {
    const files = withEdited('essential-requirements.yaml', (data) => {
      (data['essentialRequirements']!.find((e) => (e as EssentialRequirement).number === '7.1') as EssentialRequirement).applicability.characteristics = [
        'patient-contact',
        'telepathic',
      ];
    });
    assertProblem(problemsOf(files), /^essential-requirements\.yaml: ER 7\.1: applicability names unknown characteristic "telepathic"/);
  });

  it('reports a regular expression that does not compile', () => {
    const files = withEdited('sections.yaml', (data) => {
      const s = data['sections']![0] as SectionSpec;
      s.elements[0]!.recognisedBy.allOf[0]![0] = '([unclosed';
    });
    assertProblem(problemsOf(files), /^sections\.yaml: section market-scan, element scan-date: pattern "\(\[unclosed" .*not a valid regular expression/);
  });

  it('reports a duplicate ER number and other duplicate ids', () => {
    const files = withEdited('essential-requirements.yaml', (data) => {
      const list = data['essentialRequirements']!;
      list.push(structuredClone(list.find((e) => (e as EssentialRequirement).number === '7.1')));
    });
    assertProblem(problemsOf(files), /^essential-requirements\.yaml: ER 7\.1: duplicate number/);
    const sources = withEdited('sources.yaml', (data) => {
      data['sources']!.push({ id: 'S1', title: 'again' });
    });
    assertProblem(problemsOf(sources), /^sources\.yaml: source S1: duplicate id/);
  });

  it('reports unknown standards, ER numbers and sources named in cross-references', () => {
    const files = withEdited('essential-requirements.yaml', (data) => {
      const entry = data['essentialRequirements']!.find((e) => (e as EssentialRequirement).number === '1') as EssentialRequirement;
      entry.standards = ['ISO 99999'];
      entry.sources = ['S1', 'S999'];
    });
    const problems = problemsOf(files);
    assertProblem(problems, /^essential-requirements\.yaml: ER 1: standard "ISO 99999" is not in standards\.yaml/);
    assertProblem(problems, /^essential-requirements\.yaml: ER 1: source "S999" is not in sources\.yaml/);
    const standards = withEdited('standards.yaml', (data) => {
      (data['standards']![0] as { supports: string[] }).supports.push('42.1');
    });
    assertProblem(problemsOf(standards), /^standards\.yaml: standard ISO 13485: supports ER "42\.1", which is not in essential-requirements\.yaml/);
  });

  it('reports schema violations with the file, the item and the field', () => {
    const files = withEdited('essential-requirements.yaml', (data) => {
      const entry = data['essentialRequirements']!.find((e) => (e as EssentialRequirement).number === '7.2') as unknown as Record<string, unknown>;
      entry['number'] = '7,2';
      entry['colour'] = 'blue';
      entry['confirmation'] = 'maybe';
    });
    const problems = problemsOf(files);
    assertProblem(problems, /^essential-requirements\.yaml: ER 7,2: number must match pattern/);
    assertProblem(problems, /^essential-requirements\.yaml: ER 7,2: unknown property "colour"/);
    assertProblem(problems, /^essential-requirements\.yaml: ER 7,2: confirmation must be one of "C", "C#", "U"/);
    const sections = withEdited('sections.yaml', (data) => {
      const s = data['sections']![1] as unknown as { aliases: string[]; elements: Record<string, unknown>[] };
      s.aliases.push('Quality: Management');
      delete s.elements[0]!['prompt'];
    });
    const sectionProblems = problemsOf(sections);
    assertProblem(sectionProblems, /^sections\.yaml: section qms: aliases\[\d+\] must match pattern/);
    assertProblem(sectionProblems, /^sections\.yaml: section qms, element qms-standard: .*prompt/);
  });

  it('never throws, whatever it is given', () => {
    const inputs: Record<string, string>[] = [
      {},
      Object.fromEntries(CATALOGUE_FILES.map((f) => [f, ''])),
      Object.fromEntries(CATALOGUE_FILES.map((f) => [f, '- a\n- b\n'])),
      Object.fromEntries(CATALOGUE_FILES.map((f) => [f, '42'])),
      Object.fromEntries(CATALOGUE_FILES.map((f) => [f, 'a: &a [*a]\n'])),
      Object.fromEntries(CATALOGUE_FILES.map((f) => [f, '\u0000\u0001: {'])),
    ];
    for (const files of inputs) {
      const result = parseCatalogue(files);
      assert.equal(result.catalogue, undefined);
      assert.ok(result.problems.length >= CATALOGUE_FILES.length, `one problem per file at least: ${result.problems.join(' | ')}`);
      for (const problem of result.problems) assert.ok(!problem.includes('\n'), `one-line problem: ${problem}`);
    }
  });

  it('loadCatalogueFromDirectory throws an Error listing the problems', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hie-catalogue-'));
    try {
      const files = readCatalogueFiles();
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
      assert.equal(loadCatalogueFromDirectory(dir).sections.length, catalogue().sections.length);
      writeFileSync(path.join(dir, 'sections.yaml'), 'sections: [\n');
      rmSync(path.join(dir, 'sources.yaml'));
      assert.throws(
        () => loadCatalogueFromDirectory(dir),
        (error: unknown) =>
          error instanceof Error &&
          /is invalid/.test(error.message) &&
          /sections\.yaml: YAML error/.test(error.message) &&
          /sources\.yaml: cannot be read/.test(error.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
