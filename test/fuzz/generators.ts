/**
 * fast-check generators for the fuzzers: arbitrary Markdown shaped like (and unlike) a dossier,
 * mutations of the real dossiers, and sequences of edits. Every generator produces a
 * materialised case (the files of a workspace and, for edits, each successive text), so a
 * shrunk counterexample can be written out as a regression fixture as it is.
 */
import fc from 'fast-check';
import { seedDossiers } from './corpus';

/** A workspace: path relative to /ws → text. The file checked is always `index.md`. */
export type WorkspaceFiles = Record<string, string>;

export interface DocumentCase {
  files: WorkspaceFiles;
}

export interface EditCase {
  files: WorkspaceFiles;
  /** The successive texts of index.md: the first is opened, each later one is an edit. */
  texts: string[];
}

export const INDEX = 'index.md';

/** Files the generated links and parts can point at, so that both resolving and broken links occur. */
export const COMPANION_FILES: WorkspaceFiles = {
  'evidence/risk-file.md': '# Risk file\n\n## Hazards\n\nSee the hazard log.\n',
  'evidence/validation report.md': '# Validation report\r\n\r\n## Results\r\n',
  'risk.md': '# Risk management\n\nISO 14971:2019 applies. The risk file is evidence/risk-file.md.\n',
  'notes.md': 'Meeting notes, not a dossier.\n',
};

/** Characters and tokens that have broken Markdown and YAML tooling before. */
export const ODD_FRAGMENTS: readonly string[] = [
  '|', '\\|', '||', '`', '``', '```', '~~~', '<!--', '-->', '<!-- hie-disable-next-line er-missing -->', '<!-- hie-disable',
  '\t', '\u0000', '\uD800', '\uDC00', '\uDBFF\uDFFF', '\uD83E', '🩺', '👩🏽‍⚕️', '\r', '\n', '\r\n', '\n\n', '\uFEFF', '\u2028', '\u00A0',
  '---', '***', '#', '# ', '[', ']', '(', ')', '](', '[x](', '*', '_', '> ', '- ', '1. ', '&amp;', '&#0;', '<br>', '<div>', '\\', ':', ': ',
  '"', "'", '&a ', '*a', '!!binary ', '? ', '{', '}', '[[', ']]', '%', '@', '=', '===', '    ', '  ', 'ER', 'N/A', 'No', 'Yes',
];

const SECTION_HEADINGS = [
  'Essential requirements', 'Essential requirements checklist', 'Risk management', 'Market scanning', 'Justification for the exemption',
  'Public declaration', 'Informed patient consent', 'Records and traceability', 'Post-market surveillance', 'Adverse incident reporting',
  'Quality management system', 'Clinical investigation', 'Device description', 'Intended purpose', '',
];
const TABLE_HEADERS = ['ER', 'Requirement', 'Applies', 'Applicable', 'Standards', 'Method', 'Evidence', 'Justification', 'Rationale', 'Notes', ''];
const ER_NUMBERS = ['1', '2', '6a', '7.1', '7.2', '9.1', '11', '11.1', '12.1a', '13.3', '14.2', '99', '1.1.1', 'x', '0', ''];
const APPLIES = ['Yes', 'No', 'Partly', 'Y', 'N', 'N/A', 'yes', 'maybe', ''];
const STANDARDS = ['ISO 14971:2019', 'ISO 14971:2007', 'IEC 62304:2006+A1:2015', 'ISO 13485:2016', 'EN 980', 'ISO 99999:2099', ''];
const JUSTIFICATIONS = ['N/A', '-', 'TBD', 'not applicable', 'The device is not sterile and is never supplied sterile.', ''];
const LINK_TARGETS = [
  'evidence/risk-file.md', 'evidence/risk-file.md#hazards', 'evidence/risk-file.md#nowhere', 'evidence/validation%20report.md', '<evidence/validation report.md>',
  'evidence/../risk.md', '../outside.md', '/etc/passwd', 'missing.md', 'risk.md?x=1#risk-management', 'https://example.org/a?b=c', '#market-scanning', '#', '',
  'mailto:someone@example.org', 'evidence/', '%zz', 'evidence/risk-file.md#Hazards',
];
const PART_PATHS = ['risk.md', 'notes.md', 'index.md', 'evidence', 'missing.md', '../../etc/passwd', '/etc/passwd', 'risk.md', '', '~', 'evidence/risk-file.md'];
const CHARACTERISTICS = ['software', 'sterile', 'measuring', 'implantable', 'lay-user', 'softwre', 'alarms', '', '[]'];
const WORDS = ['the', 'device', 'risk', 'NHS', 'number', '943 476 5919', '9434765919', 'Yellow Card', 'ISO 13485:2016', 'scope', 'patients', 'consent', 'MHRA', 'date'];

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const eol = pick(['\n', '\n', '\n', '\r\n', '\r']);

/** Inline text: words, Unicode, odd fragments, links and inline code. */
const inlinePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: pick(WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: pick(ODD_FRAGMENTS) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), pick(LINK_TARGETS)).map(([text, target]) => `[${text}](${target})`) },
  { weight: 1, arbitrary: pick(STANDARDS).map((standard) => `\`${standard}\``) },
);
const inline: fc.Arbitrary<string> = fc.array(inlinePiece, { maxLength: 8 }).map((pieces) => pieces.join(' '));

const cell: fc.Arbitrary<string> = fc.oneof(pick(ER_NUMBERS), pick(APPLIES), pick(STANDARDS), pick(JUSTIFICATIONS), inline, pick(LINK_TARGETS).map((t) => `[e](${t})`));

const table: fc.Arbitrary<string> = fc
  .record({
    header: fc.shuffledSubarray(TABLE_HEADERS, { minLength: 1, maxLength: 6 }),
    delimiterCount: fc.integer({ min: 0, max: 7 }),
    rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 8 }),
    outerPipes: fc.boolean(),
    eol,
  })
  .map(({ header, delimiterCount, rows, outerPipes, eol: lineEnd }) => {
    const row = (cells: string[]): string => (outerPipes ? `| ${cells.join(' | ')} |` : cells.join(' | '));
    return [row(header), row(Array.from({ length: delimiterCount }, () => '---')), ...rows.map(row)].join(lineEnd);
  });

/** A checklist row by row, so the checklist rules see plausible rows as well as junk. */
const checklist: fc.Arbitrary<string> = fc
  .array(fc.tuple(pick(ER_NUMBERS), pick(APPLIES), pick(STANDARDS), pick(LINK_TARGETS), pick(JUSTIFICATIONS)), { maxLength: 12 })
  .map((rows) =>
    ['## Essential requirements', '', '| ER | Applies | Standards | Evidence | Justification |', '| --- | --- | --- | --- | --- |']
      .concat(rows.map(([er, applies, standard, target, why]) => `| ${er} | ${applies} | ${standard} | ${target ? `[e](${target})` : ''} | ${why} |`))
      .join('\n'),
  );

const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), fc.oneof(pick(SECTION_HEADINGS), inline)).map(([depth, text]) => `${'#'.repeat(depth)} ${text}`) },
  { weight: 1, arbitrary: fc.tuple(pick(SECTION_HEADINGS), eol, pick(['===', '---', '-'])).map(([text, e, line]) => `${text}${e}${line}`) },
  { weight: 3, arbitrary: fc.array(inline, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')) },
  { weight: 2, arbitrary: table },
  { weight: 2, arbitrary: checklist },
  { weight: 1, arbitrary: fc.array(inline, { minLength: 1, maxLength: 4 }).map((items) => items.map((item) => `- ${item}`).join('\n')) },
  { weight: 1, arbitrary: fc.tuple(pick(['```', '~~~', '````']), inline, fc.boolean()).map(([fence, body, closed]) => `${fence}md\n${body}${closed ? `\n${fence}` : ''}`) },
  { weight: 1, arbitrary: fc.tuple(inline, fc.boolean()).map(([body, closed]) => `<!-- ${body}${closed ? ' -->' : ''}`) },
  { weight: 1, arbitrary: inline.map((text) => `> ${text}`) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 6 }), pick(LINK_TARGETS)).map(([id, url]) => `[${id}]: ${url}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

const yamlValue: fc.Arbitrary<string> = fc.oneof(inline, pick(['', '~', 'null', 'true', '123', '[a, b', '{', '"unterminated', '&anchor x', '*anchor', '|', '>-', '- a']));

/** Frontmatter that is sometimes a valid dossier index and often slightly wrong. */
const frontmatter: fc.Arbitrary<string> = fc
  .record({
    device: fc.boolean(),
    fields: fc.subarray(['name', 'code', 'version', 'description', 'intended-purpose', 'classification', 'characteristics', 'traceability', 'unknown-key'], { minLength: 0 }),
    values: fc.array(yamlValue, { minLength: 9, maxLength: 9 }),
    characteristics: fc.array(pick(CHARACTERISTICS), { maxLength: 4 }),
    parts: fc.option(fc.array(pick(PART_PATHS), { maxLength: 4 })),
    clinical: fc.boolean(),
    indent: pick(['  ', '  ', ' ', '\t', '    ']),
    extra: fc.array(fc.oneof(pick(ODD_FRAGMENTS), inline), { maxLength: 2 }),
    close: pick(['---', '---', '--- ', '...', '']),
  })
  .map(({ device, fields, values, characteristics, parts, clinical, indent, extra, close }) => {
    const lines = ['---'];
    if (device) {
      lines.push('device:');
      fields.forEach((field, i) => {
        if (field === 'characteristics') lines.push(`${indent}characteristics: [${characteristics.join(', ')}]`);
        else if (field === 'classification') lines.push(`${indent}classification: ${values[i] ? 'IIa' : 'IIc'}`);
        else lines.push(`${indent}${field}: ${values[i] ?? ''}`);
      });
    } else lines.push(`title: ${values[0] ?? ''}`);
    lines.push('institution:', `${indent}name: Example NHS Foundation Trust`, `${indent}address: ${values[1] ?? ''}`);
    if (parts) lines.push(`parts: [${parts.map((p) => JSON.stringify(p)).join(', ')}]`);
    if (clinical) lines.push('clinical-investigation: true');
    lines.push(...extra, close);
    return lines.join('\n');
  });

/** A whole Markdown document: optional BOM and frontmatter, then blocks separated by blank lines. */
export const markdownDocument: fc.Arbitrary<string> = fc
  .record({
    bom: fc.boolean(),
    frontmatter: fc.option(frontmatter, { freq: 3 }),
    blocks: fc.array(block, { maxLength: 12 }),
    eol,
    separator: pick(['\n\n', '\n', '\r\n\r\n', '\n\n\n']),
  })
  .map(({ bom, frontmatter: fm, blocks, eol: lineEnd, separator }) => {
    const body = blocks.join(separator);
    const text = fm === null ? body : `${fm}${lineEnd}${body}`;
    return `${bom ? '\uFEFF' : ''}${lineEnd === '\n' ? text : text.replace(/\n/g, lineEnd)}`;
  });

const configText: fc.Arbitrary<string> = fc.oneof(
  pick(['rules:\n  evidence-missing: off\n', 'rules:\n  er-missing: loud\n', 'rules: [1, 2]\n', 'templates: 7\n', 'catalogue: ../../etc/passwd\n', ': : :\n', '- a\n- b\n', '', '\uFEFFrules: {}\n', 'rules:\n  unknown-rule: error\n']),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Arbitrary Markdown as index.md, with the companion files and sometimes a configuration file. */
export const documentCase: fc.Arbitrary<DocumentCase> = fc
  .record({ document: markdownDocument, config: fc.option(configText, { freq: 4 }) })
  .map(({ document, config }) => ({ files: { ...COMPANION_FILES, [INDEX]: document, ...(config === null ? {} : { '.hie-dossier.yaml': config }) } }));

// ---------------------------------------------------------------------------------------------
// Mutations of the real dossiers

export type MutationKind = 'delete-line' | 'duplicate-line' | 'swap-lines' | 'cut-table-row' | 'break-yaml-indent' | 'insert' | 'line-ending' | 'delete-range';

export interface Mutation {
  kind: MutationKind;
  /** Chooses the line or offset (taken modulo what there is). */
  at: number;
  /** Chooses the second line, the variant, or a length. */
  other: number;
  text: string;
}

/** Lines with their line breaks, so joining them gives the text back. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 || code === 10) {
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length || lines.length === 0) lines.push(text.slice(start));
  return lines;
}

function breakOf(line: string): string {
  return /\r\n$|\r$|\n$/.exec(line)?.[0] ?? '';
}

function frontmatterLineIndexes(lines: string[]): number[] {
  if (!/^\uFEFF?---\s*$/.test(lines[0] ?? '')) return [];
  const indexes: number[] = [];
  for (let i = 1; i < lines.length && !/^---\s*$/.test(lines[i]!); i++) indexes.push(i);
  return indexes;
}

export function applyMutation(text: string, mutation: Mutation): string {
  const lines = splitLines(text);
  const n = lines.length;
  const line = mutation.at % n;
  switch (mutation.kind) {
    case 'delete-line':
      lines.splice(line, 1);
      return lines.join('');
    case 'duplicate-line':
      lines.splice(line, 0, lines[line]!.endsWith('\n') || lines[line]!.endsWith('\r') ? lines[line]! : `${lines[line]!}\n`);
      return lines.join('');
    case 'swap-lines': {
      const other = mutation.other % n;
      [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      return lines.join('');
    }
    case 'cut-table-row': {
      const rows = lines.flatMap((l, i) => (/^\s*\|/.test(l) ? [i] : []));
      if (rows.length === 0) return applyMutation(text, { ...mutation, kind: 'delete-line' });
      const row = rows[mutation.at % rows.length]!;
      if (mutation.other % 2 === 0) lines.splice(row, 1);
      else {
        const content = lines[row]!.slice(0, lines[row]!.length - breakOf(lines[row]!).length);
        lines[row] = content.slice(0, mutation.other % (content.length + 1)) + breakOf(lines[row]!);
      }
      return lines.join('');
    }
    case 'break-yaml-indent': {
      const yamlLines = frontmatterLineIndexes(lines);
      if (yamlLines.length === 0) return applyMutation(text, { ...mutation, kind: 'insert', text: ' ' });
      const target = yamlLines[mutation.at % yamlLines.length]!;
      const current = lines[target]!;
      const variants = [current.replace(/^ /, ''), ` ${current}`, `   ${current}`, current.replace(/^ +/, '\t'), current.replace(/^\s+/, '')];
      lines[target] = variants[mutation.other % variants.length]!;
      return lines.join('');
    }
    case 'insert': {
      const offset = mutation.at % (text.length + 1);
      return text.slice(0, offset) + mutation.text + text.slice(offset);
    }
    case 'line-ending': {
      const ending = ['\n', '\r\n', '\r', ''][mutation.other % 4]!;
      lines[line] = lines[line]!.slice(0, lines[line]!.length - breakOf(lines[line]!).length) + ending;
      return lines.join('');
    }
    case 'delete-range': {
      const offset = mutation.at % (text.length + 1);
      return text.slice(0, offset) + text.slice(offset + (mutation.other % 64));
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: pick<MutationKind>(['delete-line', 'duplicate-line', 'swap-lines', 'cut-table-row', 'break-yaml-indent', 'insert', 'insert', 'line-ending', 'delete-range']),
  at: fc.nat(),
  other: fc.nat(),
  text: fc.oneof({ weight: 3, arbitrary: pick(ODD_FRAGMENTS) }, { weight: 1, arbitrary: inline }),
});

/** A real dossier with a few mutations applied to one of its files (mostly the index). */
export const mutatedDossierCase: fc.Arbitrary<DocumentCase> = fc
  .record({
    seed: fc.nat(),
    target: fc.nat(),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
  })
  .map(({ seed, target, mutations }) => {
    const seeds = seedDossiers();
    const files = { ...seeds[seed % seeds.length]!.files };
    const names = Object.keys(files).sort();
    // Two times in three the index, otherwise another file of the dossier.
    const name = target % 3 === 0 ? names[target % names.length]! : INDEX;
    files[name] = mutations.reduce(applyMutation, files[name] ?? '');
    return { files };
  });

// ---------------------------------------------------------------------------------------------
// Edit sequences

export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

export function applyEdit(text: string, edit: Edit): string {
  const offset = edit.at % (text.length + 1);
  return text.slice(0, offset) + edit.insert + text.slice(offset + edit.remove);
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 200 })),
  insert: fc.oneof(
    { weight: 3, arbitrary: pick(ODD_FRAGMENTS) },
    { weight: 2, arbitrary: inline },
    { weight: 2, arbitrary: block.map((b) => `\n${b}\n`) },
    { weight: 1, arbitrary: fc.constant('') },
  ),
});

/** A start text (a real dossier or generated Markdown) and the texts after each of several edits. */
export const editSequenceCase: fc.Arbitrary<EditCase> = fc
  .record({
    start: fc.oneof(fc.nat().map((seed) => ({ seed })), markdownDocument.map((text) => ({ text }))),
    edits: fc.array(edit, { minLength: 1, maxLength: 8 }),
  })
  .map(({ start, edits }) => {
    const seeds = seedDossiers();
    const files = 'seed' in start ? { ...seeds[start.seed % seeds.length]!.files } : { ...COMPANION_FILES, [INDEX]: start.text };
    const texts = [files[INDEX] ?? ''];
    for (const e of edits) texts.push(applyEdit(texts[texts.length - 1]!, e));
    return { files, texts };
  });
