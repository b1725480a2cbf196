/**
 * Incremental = full. After every edit of a random sequence, `reparseMarkdown(previous, next)`
 * must equal `parseMarkdown(next)`, and a service that has followed the whole sequence (cached
 * parses, reused rule findings) must report exactly what a fresh service reports for the same
 * texts. The edits favour what changes how the rest of a document parses: code fences, HTML
 * comments, tables, headings, frontmatter fences, CRLF, a BOM, link reference definitions.
 * Fixed seeds and bounded runs keep the whole file well under 30 s.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { ParsedMarkdown } from '../../server/src/languageservice/model/types';
import { parseMarkdown, parseMarkdownInOnePass, parseMarkdownInSlices, reparseMarkdown } from '../../server/src/languageservice/parse/parseMarkdown';
import { RULES } from '../../server/src/languageservice/rules';
import type { CheckResult } from '../../server/src/languageservice/service';
import { generateDossier } from '../bench/generateDossier';
import { builtinCatalogue, createTestService, WORKSPACE } from '../support/testService';

// ---------------------------------------------------------------- inputs

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pieces of Markdown that open, close or change constructs; an edit inserts a few of them. */
const FRAGMENTS = [
  '```',
  '```md\n',
  '~~~\n',
  '\n```\n',
  '    ',
  '\t',
  '<!--',
  '-->',
  '<!-- hie-disable-next-line evidence-missing -->\n',
  '<!-- hie-disable standard-superseded -->',
  '<div>\n',
  '</div>\n',
  '|',
  '| --- |',
  '| --- | --- |\n',
  '| 7.1 | No | n/a |\n',
  '| 1 | Yes | ISO 14971:2007 | [e](evidence/risk-file.md#nowhere) | |\n',
  '\n| ER | Applies | Standards | Evidence | Justification |\n| --- | --- | --- | --- | --- |\n| 6a | No | | | |\n',
  '# ',
  '## ',
  '## Essential requirements\n',
  '# Risk management\n',
  '## Public declaration\n',
  'Setext\n===\n',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '---\n',
  '---',
  '\n---\nA paragraph\n---\n',
  '\n\n---\nA paragraph\n---\n\n',
  '***\n',
  'Underlined\n---\n',
  '\uFEFF',
  '[ref]: evidence/risk-file.md\n',
  '> [ref]: evidence/risk-file.md\n',
  '- [other]: nowhere.md\n',
  '[other]',
  '\n[ref]: nowhere.md\n\n',
  '[ref]',
  '[see][ref]',
  '[link](evidence/risk-file.md#hazard-log)',
  '[broken](missing.md)',
  '<https://example.org>',
  'qa@example.org',
  '[qa@example.org]',
  'www.example.org',
  'https://example.org/a_b',
  '- ',
  '1. ',
  '> ',
  '*',
  '_',
  '`',
  '\\',
  'Yes',
  'No',
  'ISO 14971:2007',
  '943 476 5919',
  'device:\n  name: X\n',
  'characteristics: [software, sterile]\n',
  'clinical-investigation: true\n',
  'true',
  ', sterile',
  'parts: [risk.md]\n',
  '  ',
  ' ',
  'word',
  'é😀',
];

/** Places where an edit changes the most: an edit is often put close to one of them. */
const MARKERS = ['---', '```', '~~~', '<!--', '-->', '|', '#', '[', ']:', '\n\n', '\r\n', '> ', '- ', '    ', 'false', 'software', '| Yes', '| No', '2019'];

export interface Edit {
  /** Where, as a fraction of the text length (or of the marker's occurrences, with `near`). */
  at: number;
  /** Put the edit a few characters from an occurrence of this marker, when the text has one. */
  near?: { marker: string; offset: number };
  /** Move the position to the start of its line (indentation and line starts matter most). */
  lineStart: boolean;
  deleteLength: number;
  insert: string;
}

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  near: fc.option(fc.record({ marker: fc.constantFrom(...MARKERS), offset: fc.integer({ min: -4, max: 16 }) }), { nil: undefined, freq: 2 }),
  lineStart: fc.boolean(),
  deleteLength: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 80 })),
  insert: fc.oneof(
    fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 0, maxLength: 3 }).map((parts) => parts.join('')),
    fc.string({ maxLength: 4 }),
  ),
});

function occurrences(text: string, marker: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) found.push(at);
  return found;
}

export function applyEdit(text: string, edit: Edit): string {
  let start = Math.min(text.length, Math.floor(edit.at * (text.length + 1)));
  if (edit.near) {
    const found = occurrences(text, edit.near.marker);
    if (found.length > 0) start = Math.max(0, Math.min(text.length, found[Math.min(found.length - 1, Math.floor(edit.at * found.length))]! + edit.near.offset));
  }
  if (edit.lineStart) while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const end = Math.min(text.length, start + edit.deleteLength);
  return text.slice(0, start) + edit.insert + text.slice(end);
}

function readTree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.md$/i.test(entry.name) || entry.name === '.hie-dossier.yaml') files[path.relative(folder, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(folder);
  return files;
}

/** Real dossiers: the examples and the test fixtures, each a folder with an index.md. */
function realDossiers(): { name: string; files: Record<string, string> }[] {
  const folders = [path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'test', 'fixtures', 'blind')];
  const found: { name: string; files: Record<string, string> }[] = [];
  for (const root of folders) {
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const folder = path.join(root, entry.name);
      if (entry.isDirectory() && fs.existsSync(path.join(folder, 'index.md'))) found.push({ name: path.relative(REPO_ROOT, folder), files: readTree(folder) });
    }
  }
  return found;
}

const DOSSIERS = realDossiers();
const GENERATED = [1, 2, 3].map((seed) => ({ name: `generated-${seed}`, files: generateDossier(builtinCatalogue(), 160, seed).files }));
const ALL_DOSSIERS = [...DOSSIERS, ...GENERATED];

/** Every Markdown text of the corpus, with CRLF and BOM variants of a few. */
function corpusTexts(): string[] {
  const texts = ALL_DOSSIERS.flatMap((dossier) => Object.values(dossier.files));
  const variants = ALL_DOSSIERS.slice(0, 4).flatMap((dossier) => {
    const index = dossier.files['index.md']!;
    return [index.replace(/\r?\n/g, '\r\n'), `\uFEFF${index}`];
  });
  return [...texts, ...variants];
}

const TEXTS = corpusTexts();

/** A piece of a real text: whole, or some consecutive lines of it (keeps each parse fast). */
const excerptArbitrary: fc.Arbitrary<string> = fc
  .record({
    text: fc.constantFrom(...TEXTS),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    lines: fc.oneof({ arbitrary: fc.constant(Infinity), weight: 1 }, { arbitrary: fc.integer({ min: 5, max: 80 }), weight: 4 }),
    keepStart: fc.boolean(),
  })
  .map(({ text, from, lines, keepStart }) => {
    if (lines === Infinity) return text;
    const all = text.split(/(?<=\n)/);
    const first = keepStart ? 0 : Math.floor(from * all.length);
    return all.slice(first, first + lines).join('');
  });

/** Well-formed blocks; the edits then open, close and merge them. */
const BLOCKS = [
  'A paragraph of text.',
  'Two lines\nof text.',
  '# Heading',
  '## Essential requirements',
  'Setext heading\n===',
  '---',
  '---\nBetween two fences\n---',
  '***',
  '```md\ncode\n```',
  '~~~\ncode\n~~~',
  '    indented code',
  '<!-- a comment -->',
  '<!--\nlong comment\n-->',
  '<div>\nhtml\n</div>',
  '| ER | Applies | Standards | Evidence | Justification |\n| --- | --- | --- | --- | --- |\n| 1 | Yes | ISO 14971:2019 | [e](evidence/risk-file.md) | |',
  '| a | b |\n| --- | --- |\n| 1 | 2 |',
  '- item\n- item [ref]',
  '1. first\n2. second',
  '> quoted\n> text',
  '[ref]: evidence/risk-file.md',
  '> [other]: nowhere.md',
  'See [ref] and [other] and [x](evidence/risk-file.md#hazard-log).',
  'Write to [qa@example.org] or www.example.org, or see https://example.org/report.',
];

/** Markdown made of whole blocks, sometimes under frontmatter, with LF, CRLF or CR. */
const generatedMarkdownArbitrary: fc.Arbitrary<string> = fc
  .record({
    frontmatter: fc.constantFrom('', '---\ndevice:\n  name: X\n---\n', '\uFEFF---\ntitle: T\n---\n\n'),
    blocks: fc.array(fc.constantFrom(...BLOCKS), { minLength: 0, maxLength: 25 }),
    separators: fc.array(fc.constantFrom('\n\n', '\n\n', '\n', '\n\n\n'), { minLength: 25, maxLength: 25 }),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
  })
  .map(({ frontmatter, blocks, separators, eol }) => (frontmatter + blocks.map((block, i) => block + separators[i]!).join('')).replace(/\n/g, eol));

// ---------------------------------------------------------------- comparison

/** Everything a parse holds, with the YAML document reduced to its value, errors and warnings. */
export function comparable(parsed: ParsedMarkdown): unknown {
  const fm = parsed.frontmatter;
  let value: unknown;
  try {
    value = fm?.yaml.toJS({ maxAliasCount: 100, mapAsMap: true });
  } catch (error) {
    value = `toJS failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    text: parsed.text,
    bomLength: parsed.bomLength,
    blocks: parsed.blocks,
    frontmatter: fm && {
      range: fm.range,
      contentRange: fm.contentRange,
      offset: fm.offset,
      value,
      errors: fm.yaml.errors.map((e) => [e.code, e.pos, e.message]),
      warnings: fm.yaml.warnings.map((e) => [e.code, e.pos, e.message]),
    },
  };
}

/** Follows the edits with reparseMarkdown; throws at the first text where it differs from a full parse. */
export function assertIncrementalParse(start: string, edits: readonly Edit[]): void {
  let previous = parseMarkdown(start);
  let text = start;
  for (const [i, edit] of edits.entries()) {
    const next = applyEdit(text, edit);
    const incremental = reparseMarkdown(previous, next);
    assert.deepStrictEqual(comparable(incremental), comparable(parseMarkdown(next)), `after edit ${i + 1} of ${edits.length}: ${JSON.stringify(text)} → ${JSON.stringify(next)}`);
    previous = incremental;
    text = next;
  }
}

/** The diagnostics of a check in a canonical order, with everything an editor shows. */
function canonical(result: CheckResult): unknown {
  return [...result.diagnostics.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, list]) => [file, list.map((d) => [d.rule, d.severity, d.range, d.target ?? null, d.message])]);
}

// ---------------------------------------------------------------- properties

describe('incremental parsing equals a full parse', () => {
  it('over random edit sequences applied to real dossiers and their excerpts', () => {
    fc.assert(
      fc.property(excerptArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 8 }), (start, edits) => assertIncrementalParse(start, edits)),
      { seed: 20260521, numRuns: 200 },
    );
  });

  it('over random edit sequences applied to generated Markdown', () => {
    fc.assert(
      fc.property(generatedMarkdownArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 10 }), (start, edits) => assertIncrementalParse(start, edits)),
      { seed: 7, numRuns: 400 },
    );
  });

  it('over edits that type a dossier character by character', () => {
    // Typing forward from an empty document crosses every state of every construct once.
    const target = `${DOSSIERS[0]?.files['index.md'] ?? GENERATED[0]!.files['index.md']!}`.slice(0, 2500);
    let previous = parseMarkdown('');
    for (let end = 1; end <= target.length; end++) {
      const next = target.slice(0, end);
      previous = reparseMarkdown(previous, next);
      if (end % 7 === 0 || end === target.length) assert.deepStrictEqual(comparable(previous), comparable(parseMarkdown(next)), `typed ${end} characters`);
    }
  });
});

describe('incremental parsing: shrunk counterexamples, kept as regressions', () => {
  /** Parses texts[0], then follows each later text incrementally, comparing with a full parse. */
  const follow = (texts: string[]): void => {
    let previous = parseMarkdown(texts[0]!);
    for (const text of texts.slice(1)) {
      previous = reparseMarkdown(previous, text);
      assert.deepStrictEqual(comparable(previous), comparable(parseMarkdown(text)), JSON.stringify(text));
    }
  };

  it('an unclosed fence at the end swallows the definitions appended to the window', () => {
    const before = '---\ntitle: x\n---\n[!]: evidence/risk-file.md\n\n|\n```md\n\n\n\n[](evidence/risk-file.md)';
    follow([before, before.replace('```md', '```|md')]);
  });

  it('a window that starts on a `---` line is not frontmatter', () => {
    follow(['Intro\n\n---\nA paragraph\n---\n\ntext\n', 'Intro\n\n---\nA xparagraph\n---\n\ntext\n']);
    follow(['A paragraph of text.\n\n---\nBetween two fences\n---\n\n', 'A paragraph of text.\n\n---\n```Between two fences\n---\n\n']);
  });

  it('a definition inside a block quote counts for the whole document', () => {
    const text = '\uFEFF---\ntitle: T\n---\n\n> [other]: nowhere.md\n\nA paragraph of text.\n\n> [other]: nowhere.md\n\nSee [other].\n';
    follow([text, text.replace('> [other]', '> ![other]')]);
  });

  it('a closing fence typed far below an opening one creates the frontmatter', () => {
    const body = '---\ndevice:\n  name: X\n\nSome text\n\n- a list\n';
    follow([body, `${body}--`, `${body}---`, `${body}---\n# Heading\n`]);
  });
});

describe('a parse in chunks equals a parse in one pass', () => {
  const inChunks = (text: string, chunk: number): ParsedMarkdown => {
    const slices = parseMarkdownInSlices(text, chunk);
    for (let step = slices.next(); ; step = slices.next()) if (step.done) return step.value;
  };
  // Definitions make a text go in one pass; without them every chunk boundary is exercised.
  const withoutDefinitions = (text: string): string => text.replace(/\]:/g, ']');

  it('for real and generated texts cut at random chunk sizes', () => {
    fc.assert(
      fc.property(fc.oneof(excerptArbitrary, generatedMarkdownArbitrary), fc.integer({ min: 1, max: 3000 }), (text, chunk) => {
        const plain = withoutDefinitions(text);
        assert.deepStrictEqual(comparable(inChunks(plain, chunk)), comparable(parseMarkdownInOnePass(plain)));
        assert.deepStrictEqual(comparable(inChunks(text, chunk)), comparable(parseMarkdownInOnePass(text)));
      }),
      { seed: 31, numRuns: 300 },
    );
  });

  it('for an opening fence that never closes (lists then parse differently in the whole text)', () => {
    const text = '---\nBetween two fences\n---!\n\n[ref] evidence/risk-file.md\n\n1. first\n2. second\n\n';
    assert.deepStrictEqual(comparable(inChunks(text, 1)), comparable(parseMarkdownInOnePass(text)));
    assert.equal(parseMarkdownInOnePass(text).blocks.at(-1)!.kind, 'paragraph', 'the quirk this test is about');
  });

  it('for edited texts, and the default chunks of a large generated dossier', () => {
    fc.assert(
      fc.property(generatedMarkdownArbitrary, fc.array(editArbitrary, { maxLength: 4 }), fc.integer({ min: 1, max: 400 }), (start, edits, chunk) => {
        const text = withoutDefinitions(edits.reduce(applyEdit, start));
        assert.deepStrictEqual(comparable(inChunks(text, chunk)), comparable(parseMarkdownInOnePass(text)));
      }),
      { seed: 32, numRuns: 300 },
    );
    const large = generateDossier(builtinCatalogue(), 3000, 5).files['index.md']!;
    assert.deepStrictEqual(comparable(parseMarkdown(large)), comparable(parseMarkdownInOnePass(large)));
  });
});

describe('incremental checking equals a fresh check', () => {
  interface FileEdit {
    /** Which Markdown file of the dossier: 0 is the index, others are its other files. */
    file: number;
    edit: Edit;
  }
  const fileEditArbitrary: fc.Arbitrary<FileEdit> = fc.record({ file: fc.oneof(fc.constant(0), fc.constant(0), fc.nat({ max: 8 })), edit: editArbitrary });

  const checkSequence = (dossier: { files: Record<string, string> }, edits: readonly FileEdit[]): void => {
    const absolute = Object.fromEntries(Object.entries(dossier.files).map(([name, text]) => [`${WORKSPACE}/${name}`, text]));
    const index = `${WORKSPACE}/index.md`;
    const markdown = Object.keys(absolute).filter((file) => file.endsWith('.md')).sort((a, b) => (a === index ? -1 : b === index ? 1 : a.localeCompare(b)));
    const { service } = createTestService(absolute);
    const overlays = new Map<string, string>();
    service.check(index);
    for (const [i, { file, edit }] of edits.entries()) {
      const target = markdown[file % markdown.length]!;
      const text = applyEdit(overlays.get(target) ?? absolute[target]!, edit);
      overlays.set(target, text);
      service.setOverlay(target, text);
      const incremental = service.check(index);
      const { service: fresh } = createTestService(absolute);
      for (const [overlaid, overlayText] of overlays) fresh.setOverlay(overlaid, overlayText);
      assert.deepStrictEqual(canonical(incremental), canonical(fresh.check(index)), `after edit ${i + 1} of ${edits.length} (in ${target})`);
    }
  };

  it('over random edit sequences in the real dossiers (index and parts)', function () {
    this.timeout(30000);
    fc.assert(
      fc.property(fc.constantFrom(...DOSSIERS), fc.array(fileEditArbitrary, { minLength: 1, maxLength: 5 }), (dossier, edits) => checkSequence(dossier, edits)),
      { seed: 4242, numRuns: 45 },
    );
  });

  it('over random edit sequences in generated dossiers', function () {
    this.timeout(30000);
    fc.assert(
      fc.property(fc.constantFrom(...GENERATED), fc.array(fileEditArbitrary, { minLength: 1, maxLength: 6 }), (dossier, edits) => checkSequence(dossier, edits)),
      { seed: 99, numRuns: 30 },
    );
  });

  it('reuses nothing stale when a file of the dossier changes on disk and is forgotten', () => {
    const dossier = DOSSIERS.find((d) => Object.keys(d.files).some((f) => f.startsWith('evidence/'))) ?? GENERATED[0]!;
    const absolute = Object.fromEntries(Object.entries(dossier.files).map(([name, text]) => [`${WORKSPACE}/${name}`, text]));
    const { service, host } = createTestService(absolute);
    const index = `${WORKSPACE}/index.md`;
    const before = canonical(service.check(index));
    // Every evidence file loses its headings: anchored links break.
    for (const file of Object.keys(absolute).filter((f) => f.includes('/evidence/'))) host.write(file, 'No headings any more.\n');
    for (const file of Object.keys(absolute)) service.forget(file);
    const after = service.check(index);
    const { service: fresh } = createTestService(Object.fromEntries([...host.files]));
    assert.deepStrictEqual(canonical(after), canonical(fresh.check(index)));
    assert.notDeepStrictEqual(canonical(after), before, 'the change on disk shows');
  });
});

describe('incremental checking: each kind of change, and what is re-run', () => {
  const INDEX = `${WORKSPACE}/index.md`;
  const dossier = generateDossier(builtinCatalogue(), 300, 11);
  const absolute = Object.fromEntries(Object.entries(dossier.files).map(([name, text]) => [`${WORKSPACE}/${name}`, text]));

  const replaceOnce = (text: string, from: string | RegExp, to: (found: string) => string): string => {
    const match = typeof from === 'string' ? (text.includes(from) ? { index: text.indexOf(from), 0: from } : null) : from.exec(text);
    assert.ok(match, `the generated dossier has ${String(from)}`);
    return text.slice(0, match.index) + to(match[0]) + text.slice(match.index + match[0].length);
  };
  const middleOfParagraph = (text: string): number => text.indexOf('. ', text.indexOf('## Design record 2')) + 1;

  /** Each step changes one thing a rule reads; after each, the warm service must agree with a fresh one. */
  const STEPS: [string, (text: string) => string][] = [
    ['flag clinical-investigation', (t) => replaceOnce(t, 'clinical-investigation: false', () => 'clinical-investigation: true')],
    ['add a characteristic', (t) => replaceOnce(t, 'characteristics: [software]', () => 'characteristics: [software, sterile]')],
    ['misspell a characteristic', (t) => replaceOnce(t, ', sterile]', () => ', sterle]')],
    ['duplicate a checklist row', (t) => replaceOnce(t, /^\| 1 .*\n/m, (row) => row + row)],
    ['add lines above the checklist (er-duplicate names a line)', (t) => replaceOnce(t, '## Essential requirements', (h) => `A new paragraph.\n\nAnd another.\n\n${h}`)],
    ['rename a required section', (t) => replaceOnce(t, '## Market scanning', () => '## Market notes')],
    ['cite a superseded standard and an NHS number', (t) => t.slice(0, middleOfParagraph(t)) + ' ISO 14971:2007 and 943 476 5919.' + t.slice(middleOfParagraph(t))],
    ['break an anchored link', (t) => replaceOnce(t, /\(evidence\/[a-z-]+\.md#[a-z-]+\)/, (link) => link.replace(/#[a-z-]+/, '#nowhere'))],
    ['silence the broken link', (t) => replaceOnce(t, /^.*#nowhere.*$/m, (line) => `<!-- hie-disable-next-line evidence-link-broken -->\n${line}`)],
    ['type one character in a paragraph', (t) => t.slice(0, middleOfParagraph(t)) + 'x' + t.slice(middleOfParagraph(t))],
    ['empty a justification', (t) => replaceOnce(t, /\| No \| \| \| [^|]+\|/, () => '| No | | | n/a |')],
    ['mark a general requirement No', (t) => replaceOnce(t, /^\| 2 (.*?)\| Yes \|/m, (row) => row.replace('| Yes |', '| No |'))],
    ['remove the checklist header', (t) => replaceOnce(t, /^\| ER \| Applies.*\n\| --- .*\n/m, () => '')],
    ['delete a heading', (t) => replaceOnce(t, '## Quality management system\n', () => '')],
  ];

  it('equals a fresh check after each step', () => {
    const { service } = createTestService(absolute);
    let text = absolute[INDEX]!;
    service.check(INDEX);
    const seen = new Set<string>();
    for (const [name, step] of STEPS) {
      text = step(text);
      service.setOverlay(INDEX, text);
      const warm = canonical(service.check(INDEX));
      const { service: fresh } = createTestService(absolute);
      fresh.setOverlay(INDEX, text);
      assert.deepStrictEqual(warm, canonical(fresh.check(INDEX)), `after "${name}"`);
      for (const [, list] of warm as [string, [string][]][]) for (const [rule] of list) seen.add(rule);
    }
    // The steps did produce the findings they were meant to move and invalidate.
    for (const rule of ['section-missing', 'characteristic-unknown', 'exclusion-contradicts-device', 'er-duplicate', 'standard-superseded', 'patient-identifier', 'exclusion-unjustified', 'exclusion-not-allowed', 'er-checklist-missing']) {
      assert.ok(seen.has(rule), `some step produced ${rule}`);
    }
  });

  it('re-runs only the rules whose facets changed', () => {
    const calls = new Map<string, number>();
    const originals = RULES.map((rule) => [rule, rule.check] as const);
    for (const [rule, check] of originals) {
      (rule as { check: typeof check }).check = (context) => {
        calls.set(rule.id, (calls.get(rule.id) ?? 0) + 1);
        return check(context);
      };
    }
    try {
      const { service } = createTestService(absolute);
      let text = absolute[INDEX]!;
      service.check(INDEX);
      const runAfter = (edit: (t: string) => string): Set<string> => {
        calls.clear();
        text = edit(text);
        service.setOverlay(INDEX, text);
        service.check(INDEX);
        return new Set(calls.keys());
      };
      const textRules = RULES.filter((rule) => rule.dependsOn?.includes('text') ?? true).map((rule) => rule.id);
      // Typing in a paragraph: only the rules that read the whole text run.
      assert.deepStrictEqual([...runAfter((t) => t.slice(0, middleOfParagraph(t)) + 'x' + t.slice(middleOfParagraph(t)))].sort(), [...textRules].sort());
      // Changing a checklist cell: the checklist rules run too, the frontmatter and section rules do not.
      const afterCell = runAfter((t) => replaceOnce(t, '| Yes |', () => '| Partly |'));
      assert.ok(afterCell.has('exclusion-unjustified') && afterCell.has('evidence-missing'), 'checklist rules ran');
      assert.ok(!afterCell.has('frontmatter-invalid') && !afterCell.has('section-missing'), 'frontmatter and section rules did not run');
      // Changing the frontmatter: the frontmatter rules run, the link rule does not.
      const afterFrontmatter = runAfter((t) => replaceOnce(t, 'version: 2.1.0', () => 'version: 2.1.1'));
      assert.ok(afterFrontmatter.has('frontmatter-invalid') && afterFrontmatter.has('section-missing'), 'frontmatter rules ran');
      assert.ok(!afterFrontmatter.has('evidence-link-broken'), 'the link rule did not run');
    } finally {
      for (const [rule, check] of originals) (rule as { check: typeof check }).check = check;
    }
  });
});
