/**
 * Issue 3: "A dossier started from the 'new dossier' snippet and completed only through
 * completions and quick fixes (plus typed prose for justifications) ends with zero diagnostics:
 * a test replays that session."
 *
 * The replay talks to the spawned server over stdio, as VS Code would: the author expands the
 * `hie-dossier` snippet (typing the values it asks for, picking its choices), opens the result,
 * saves once (fix-all on save), adds the clinical investigation section with a heading
 * completion at the snippet's final cursor, sets the frontmatter values by completion, and then
 * works through the published diagnostics one at a time: a quick fix where the server offers one
 * (the preferred one, or "Add all N missing ERs" once, resolved lazily with codeAction/resolve),
 * otherwise a completion (standards, Applies values, ER numbers, link paths and anchors) or typed
 * prose (a justification, or text over a placeholder left at its default). Everything the author
 * does is logged and printed, so the session can be read in CI output. The same replay runs on LF
 * and on CRLF text.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
  Position,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LspTestClient, REPO_ROOT } from '../support/lspClient';
import { expandSnippetAs, type TabStopAnswer } from '../support/snippetExpander';
import { builtinCatalogue, createTestService, WORKSPACE } from '../support/testService';

const SNIPPETS_FILE = path.join(REPO_ROOT, 'snippets', 'hie-dossier.code-snippets');
const MAX_STEPS = 200;

// ---------------------------------------------------------------------------------------------
// The author's notebook: what they type and decide. Nothing here is written into the dossier
// except through the snippet's tab stops, completions, or typed prose recorded as such.

const DEVICE_NAME = 'Neonatal Fluid Balance Calculator';
const INSTITUTION = 'Example NHS Foundation Trust';
const ADDRESS = '1 Hospital Road, Exampletown EX1 1AA';
const DECLARATION_URL = 'https://www.example.nhs.uk/hie/fluid-balance';

/**
 * The `hie-dossier` snippet, tab stop by tab stop. The author tabs past the classification
 * (keeping "I", corrected by completion later), leaves `[$7]` for the characteristics completion,
 * and tabs past four prompts (15, 36, 41 and the clinical section's date) to come back to them
 * when the diagnostics ask. Two editions typed from an old dossier are out of date on purpose.
 */
const NEW_DOSSIER_ANSWERS: Record<number, TabStopAnswer> = {
  1: { type: DEVICE_NAME },
  2: { type: 'RXH-SW-0107' },
  3: { type: '1.4.0' },
  4: { type: 'Web calculator that totals the fluid intake and output entered by nurses over 24 hours' },
  5: { type: 'Calculates the 24-hour fluid balance of neonates, for neonatal nurses and doctors guiding fluid prescribing' },
  8: { type: 'Version and build id shown in the footer of every screen' },
  9: { type: INSTITUTION },
  10: { type: ADDRESS },
  11: { type: DECLARATION_URL },
  12: { type: 'Neonates in the neonatal intensive care and special care units' },
  13: { choose: 'draft' },
  14: { choose: 'true' },
  16: { type: 'three commercial fluid charting modules and two EPR add-ons, searched in supplier catalogues and the NHS Supply Chain framework' },
  17: { type: 'none handles volumes below 1 mL or the unit feeding regime, and the EPR add-ons cannot be configured for neonates' },
  18: { type: 'every 12 months, and whenever a new neonatal fluid balance product is announced' },
  19: { type: 'ISO 13485:2003' },
  20: { type: 'Medical Physics and Clinical Engineering, software development and maintenance for the neonatal unit' },
  21: { type: 'Trust procedure MPCE-RM-01, following ISO 14971:2019' },
  22: { type: 'risk management file RMF-0107, kept in the MPCE document control system' },
  23: { type: 'the admitting nurse explains to parents, with the leaflet, that the calculator is made in-house under the Health Institution Exemption' },
  24: { type: 'leaflet NNU-PIL-12 describes the risk of a wrong total from a mistyped volume and the checks that prevent it' },
  25: { type: 'parents give verbal consent on admission, recorded in the electronic patient record' },
  26: { type: 'Trust HIE device register, entry HIE-0107' },
  27: { type: 'neonatal nurses and doctors; neonatal intensive care and special care units' },
  28: { type: 'application catalogue reference APP-2291' },
  29: { type: INSTITUTION },
  30: { type: ADDRESS },
  31: { type: DEVICE_NAME },
  32: { type: 'RXH-SW-0107' },
  33: { type: 'version 1.4.0' },
  34: { type: 'web calculator of the 24-hour fluid balance' },
  35: { type: 'calculates the 24-hour fluid balance of neonates to guide fluid prescribing' },
  37: { type: DECLARATION_URL },
  38: { type: 'SOP MPCE-PMS-03' },
  39: { type: 'every 6 months' },
  40: { type: 'the calculator is suspended, the fault analysed and a corrected version validated before release' },
};

/** The placeholders of the "Clinical investigation" heading completion (the built-in template). */
const CLINICAL_INVESTIGATION_ANSWERS: Record<number, TabStopAnswer> = {
  1: { type: `${DEVICE_NAME} version 1.4.0, developed and built by Medical Physics and Clinical Engineering` },
  2: { type: 'to confirm that the calculated totals agree with the nursing fluid charts' },
  3: { type: 'agreement within 1 mL for 95 out of 100 daily totals' },
  4: { type: 'prospective single-centre comparison following ISO 14155:2011' },
  5: { type: 'Dr A. Example, consultant neonatologist' },
  6: { type: 'neonatal.research@example.nhs.uk' },
};

/** Prose typed over a prompt's placeholder that was left at its default, by `section/element`. */
const PROMPT_PROSE: Record<string, Record<number, string>> = {
  'market-scan/scan-date': { 1: '2026-01-12' },
  'public-declaration/er-statement': {
    1: `the ${DEVICE_NAME} meets the relevant essential requirements of Annex I of Part II of the UK MDR 2002, as modified by Schedule 2A`,
  },
  'pms/yellow-card': { 1: 'the Clinical Safety Officer reports adverse incidents through the MHRA Yellow Card scheme' },
  'clinical-investigation/mhra-notification-date': { 1: '2026-02-02' },
};

/** Why an ER the quick fix marked No does not apply: typed into the Justification cell. */
const JUSTIFICATIONS: Record<string, string> = {
  '7.1': 'The calculator is software only: it has no materials and no physical contact with patients or users.',
  '7.2': 'There is no physical product that could carry contaminants or residues.',
  '7.3': 'The software touches no materials, substances or gases and delivers no medicine.',
  '7.4': 'The calculator incorporates no medicinal substance and no human blood derivative.',
  '7.5': 'There is no material from which a substance could leak; the device is software only.',
  '7.6': 'Software has no enclosure or fluid path into which a substance could enter.',
  '8.1': 'The calculator has no physical contact with patients or users, so there is no route for infection.',
  '8.2': 'The calculator contains no tissue or derivative of animal origin.',
  '8.3': 'The calculator is not supplied sterile and has no packaging.',
  '8.4': 'There is nothing to sterilise: the calculator is not supplied sterile.',
  '8.5': 'The calculator is not sterilised, so no controlled environment is needed for microbial reasons.',
  '8.6': 'There is no physical packaging: the build is deployed electronically to the Trust intranet.',
  '8.7': 'There are no sterile and non-sterile versions of a software product.',
  '9.2': 'Software has no physical features; the host computers are standard Trust IT equipment outside the device.',
  '9.3': 'The software has no hardware or energy source of its own that could cause fire or explosion.',
  '11': 'The calculator emits no ionising or non-ionising radiation and controls no device that does.',
  '12.2': 'Patient safety does not depend on a power source inside the device; the unit uses paper fluid charts when computers are down.',
  '12.3': 'The software has no external power supply whose failure could harm a patient.',
  '12.4': 'The calculator does not monitor a patient: nurses enter the volumes, so there is no clinical parameter to alarm on.',
  '12.5': 'Software creates no electromagnetic field; the host computers are standard IT equipment outside the device.',
  '12.6': 'The calculator has no electrical parts of its own and nothing connected to a patient.',
  '12.7': 'Software has no moving parts, vibration, noise, connections or hot surfaces.',
  '12.8': 'The calculator delivers no energy or substance to the patient.',
};

/** ERs the quick fix marked No that the author judges applicable: changed with the Applies completion. */
const APPLIES_DECISIONS: Record<string, string> = { '9.1': 'Yes', '13.4': 'Yes', '13.5': 'Yes' };

/** Evidence linked (path and anchor by completion) for ERs without a typical standard. */
const EVIDENCE_LINKS: Record<string, { text: string; file: string; anchor: string }> = {
  '9.1': { text: 'Browser compatibility', file: 'verification-report.md', anchor: 'browser-and-display-compatibility' },
  '10.1': { text: 'Accuracy of totals', file: 'verification-report.md', anchor: 'accuracy-of-totals' },
  '10.2': { text: 'Summative evaluation', file: 'usability-summary.md', anchor: 'summative-evaluation' },
  '10.3': { text: 'Units of measurement', file: 'verification-report.md', anchor: 'units-of-measurement' },
};

/** Groups the author answers with one row (its sub-requirements all excluded for the same reason). */
const GROUP_ROWS = ['11'];

/**
 * Rows go in one at a time (the preferred fix) until this ER; there the author takes "Add all N
 * missing ERs", a lazy action whose edit comes from codeAction/resolve.
 */
const ADD_ALL_ROWS_AT = '12.1';

const CHARACTERISTICS = ['software', 'measuring'];
const CLASSIFICATION = 'IIa';
const FINAL_STATUS = 'in-use';

const EVIDENCE_FILES: Record<string, string> = {
  'evidence/verification-report.md': '# Verification report\n\n## Accuracy of totals\n\nText.\n\n## Units of measurement\n\nText.\n\n## Browser and display compatibility\n\nText.\n',
  'evidence/usability-summary.md': '# Usability summary\n\n## Summative evaluation\n\nText.\n',
};

// ---------------------------------------------------------------------------------------------
// The editor side: a document that applies edits as VS Code does and keeps the server in step.

type LogKind = 'snippet' | 'quick fix' | 'fix all' | 'completion' | 'typed prose' | 'typed syntax' | 'hover';

interface LogEntry {
  step: number;
  kind: LogKind;
  /** The diagnostic that prompted it (rule and target), if any. */
  cause?: string;
  detail: string;
}

/** Offsets where each line starts; lines end in \r\n, \n or \r. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return starts;
}

function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  const start = starts[position.line];
  assert.ok(start !== undefined, `line ${position.line} is past the end of the document`);
  return start + position.character;
}

function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

function lineTextAt(text: string, line: number): string {
  const starts = lineStarts(text);
  return text.slice(starts[line], starts[line + 1] ?? text.length).replace(/\r?\n$|\r$/, '');
}

/** Offsets of the unescaped pipes of a table line. */
function pipesOf(line: string): number[] {
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes.push(i);
  }
  return pipes;
}

const describeDiagnostic = (d: Diagnostic): string => {
  const target = (d.data as { target?: string } | undefined)?.target;
  return `${String(d.code)}${target ? ` ${target}` : ''}`;
};
const sameDiagnostic = (a: Diagnostic, b: Diagnostic): boolean => a.code === b.code && a.message === b.message && JSON.stringify(a.data) === JSON.stringify(b.data);
const byPosition = (a: Diagnostic, b: Diagnostic): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

class AuthoringSession {
  text = '';
  version = 1;
  diagnostics: Diagnostic[] = [];
  readonly log: LogEntry[] = [];
  /** Every value the author typed as prose, to find again in the finished dossier. */
  readonly typedProse: string[] = [];
  step = 0;
  /** The diagnostic being worked on, for the log. */
  cause: string | undefined;

  constructor(
    private readonly client: LspTestClient,
    readonly uri: string,
  ) {}

  record(kind: LogKind, detail: string): void {
    this.log.push({ step: this.step, kind, detail, ...(this.cause ? { cause: this.cause } : {}) });
  }

  async open(text: string): Promise<void> {
    this.text = text;
    const published = this.client.nextDiagnostics(this.uri);
    await this.client.open(this.uri, text, this.version);
    this.diagnostics = (await published).diagnostics;
  }

  /** Sends edits (positions in the current text) as one didChange and waits for the diagnostics it brings. */
  async applyEdits(edits: readonly TextEdit[]): Promise<void> {
    const located = edits
      .map((edit, order) => ({ start: offsetAt(this.text, edit.range.start), end: offsetAt(this.text, edit.range.end), edit, order }))
      .sort((a, b) => b.start - a.start || b.order - a.order);
    for (let i = 1; i < located.length; i++) assert.ok(located[i]!.end <= located[i - 1]!.start, 'edits of one change must not overlap');
    // From the end backwards, so each change's range is still right after the ones before it.
    const changes: TextDocumentContentChangeEvent[] = located.map(({ edit }) => ({ range: edit.range, text: edit.newText }));
    for (const { start, end, edit } of located) this.text = this.text.slice(0, start) + edit.newText + this.text.slice(end);
    const published = this.client.nextDiagnostics(this.uri);
    await this.client.change(this.uri, ++this.version, changes);
    this.diagnostics = (await published).diagnostics;
  }

  /** The author types `text` at `offset`; returns the offset after it. */
  async type(offset: number, text: string, kind: 'typed prose' | 'typed syntax', what: string): Promise<number> {
    const position = positionAt(this.text, offset);
    await this.applyEdits([{ range: { start: position, end: position }, newText: text }]);
    if (kind === 'typed prose') this.typedProse.push(text);
    this.record(kind, `${what}: "${text}"`);
    return offset + text.length;
  }

  /** Replaces a placeholder's default text with typed prose. */
  async typeOver(start: number, end: number, text: string, what: string): Promise<void> {
    await this.applyEdits([{ range: { start: positionAt(this.text, start), end: positionAt(this.text, end) }, newText: text }]);
    this.typedProse.push(text);
    this.record('typed prose', `${what}: "${text}"`);
  }

  async completionsAt(offset: number): Promise<CompletionItem[]> {
    const result = await this.client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri: this.uri },
      position: positionAt(this.text, offset),
      context: { triggerKind: 1 },
    });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  /**
   * Requests completions at `offset`, picks the item `choose` selects (as the author does in the
   * suggest widget), applies it (filling its snippet placeholders with `answers`) and returns the
   * cursor offset after it.
   */
  async complete(offset: number, what: string, choose: (items: CompletionItem[]) => CompletionItem | undefined, answers: Record<number, TabStopAnswer> = {}): Promise<number> {
    const items = await this.completionsAt(offset);
    const item = choose(items);
    assert.ok(item, `${what}: no suitable completion at ${JSON.stringify(positionAt(this.text, offset))} among [${items.map((i) => i.label).join(', ')}]`);
    const edit = item.textEdit as TextEdit | undefined;
    assert.ok(edit && 'range' in edit, `${what}: the item "${item.label}" has a text edit with a range`);
    const start = offsetAt(this.text, edit.range.start);
    let newText = edit.newText;
    let cursor = newText.length;
    const typed: string[] = [];
    if (item.insertTextFormat === 2) {
      const expansion = expandSnippetAs(newText, { answers });
      newText = expansion.text;
      cursor = expansion.finalCursor;
      for (const stop of expansion.tabStops) if (stop.source === 'typed') typed.push(stop.value);
    }
    await this.applyEdits([{ range: edit.range, newText }, ...(item.additionalTextEdits ?? [])]);
    this.record('completion', `${what}: picked "${item.label}"${item.detail ? ` (${item.detail.split('\n')[0]})` : ''}`);
    for (const value of typed) {
      this.typedProse.push(value);
      this.record('typed prose', `placeholder of "${item.label}": "${value}"`);
    }
    return start + cursor;
  }

  async hover(offset: number): Promise<string> {
    const hover = await this.client.request<Hover | null>('textDocument/hover', { textDocument: { uri: this.uri }, position: positionAt(this.text, offset) });
    assert.ok(hover, `a hover at ${JSON.stringify(positionAt(this.text, offset))}`);
    const value = (hover.contents as MarkupContent).value;
    this.record('hover', value.split('\n')[0]!);
    return value;
  }

  /** The quick fixes offered for one diagnostic, as VS Code's light bulb asks for them. */
  async quickFixesFor(diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = await this.client.request<(CodeAction | Command)[] | null>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    });
    return (actions ?? []).filter((action): action is CodeAction => 'kind' in action && action.kind === 'quickfix');
  }

  /** Resolves the action when it has no edit yet, and applies its edit. */
  async applyAction(action: CodeAction, kind: 'quick fix' | 'fix all'): Promise<void> {
    let resolved = action;
    if (!resolved.edit) resolved = await this.client.request<CodeAction>('codeAction/resolve', action);
    assert.ok(resolved.edit, `"${action.title}" has an edit once resolved`);
    await this.applyEdits(this.editsOf(resolved.edit));
    this.record(kind, `${action.title}${action.edit ? '' : ' (resolved)'}`);
  }

  private editsOf(edit: WorkspaceEdit): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const [uri, list] of Object.entries(edit.changes ?? {})) {
      assert.equal(uri, this.uri, 'a fix edits only the dossier');
      edits.push(...list);
    }
    for (const change of edit.documentChanges ?? []) {
      assert.ok('textDocument' in change && change.textDocument.uri === this.uri, 'a fix edits only the dossier');
      for (const textEdit of change.edits) {
        assert.ok('newText' in textEdit, 'plain text edits (the client did not announce snippet edits)');
        edits.push(textEdit);
      }
    }
    return edits;
  }

  /** "Save" with `editor.codeActionsOnSave: { source.fixAll: explicit }`. */
  async save(): Promise<void> {
    const end = positionAt(this.text, this.text.length);
    const actions = await this.client.request<(CodeAction | Command)[] | null>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: { start: { line: 0, character: 0 }, end },
      context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 2 },
    });
    const fixAll = (actions ?? []).filter((action): action is CodeAction => 'kind' in action && action.kind === 'source.fixAll.hieDossier');
    assert.equal(fixAll.length, 1, 'one "Fix all" action on save');
    await this.applyAction(fixAll[0]!, 'fix all');
  }

  // -- Finding things in the document, as the author's eye would

  /** The line and offsets of the checklist row for ER `number`. */
  rowOf(number: string): { line: number; lineStart: number; text: string } {
    const pattern = new RegExp(`^\\|\\s*${number.replace(/\./g, '\\.')}(\\s|\\|)`);
    const lines = lineStarts(this.text)
      .map((start, line) => ({ line, lineStart: start, text: lineTextAt(this.text, line) }))
      .filter((candidate) => pattern.test(candidate.text));
    assert.equal(lines.length, 1, `one checklist row for ER ${number}`);
    return lines[0]!;
  }

  /** The column index of a checklist header cell (ER, Applies, …), from the header above `line`. */
  columnOf(line: number, header: string): number {
    for (let at = line - 1; at > 0; at--) {
      if (/^\|?\s*:?-{3,}/.test(lineTextAt(this.text, at))) {
        const cells = this.cellsOf(lineTextAt(this.text, at - 1)).map((cell) => cell.text.trim());
        const index = cells.indexOf(header);
        assert.ok(index >= 0, `a ${header} column in [${cells.join(', ')}]`);
        return index;
      }
    }
    assert.fail(`no table header above line ${line}`);
  }

  cellsOf(line: string): { start: number; end: number; text: string }[] {
    const pipes = pipesOf(line);
    return pipes.slice(0, -1).map((pipe, i) => ({ start: pipe + 1, end: pipes[i + 1]!, text: line.slice(pipe + 1, pipes[i + 1]) }));
  }

  /**
   * A cell of ER `number`'s row: where its text starts, and where the author clicks to add to it
   * (the end of its text, or after the padding of an empty cell).
   */
  cellCursor(number: string, header: string): { start: number; offset: number } {
    const row = this.rowOf(number);
    const cell = this.cellsOf(row.text)[this.columnOf(row.line, header)];
    assert.ok(cell, `ER ${number} has a ${header} cell`);
    const content = cell.text.trimEnd();
    const start = cell.start + (cell.text.length - cell.text.trimStart().length);
    const column = content.trim() === '' ? Math.min(cell.start + 1, cell.end) : cell.start + content.length;
    return { start: row.lineStart + Math.min(start, column), offset: row.lineStart + column };
  }

  offsetOfLine(pattern: RegExp): { offset: number; text: string } {
    const starts = lineStarts(this.text);
    const line = starts.findIndex((_, i) => pattern.test(lineTextAt(this.text, i)));
    assert.ok(line >= 0, `a line matching ${pattern}`);
    return { offset: starts[line]!, text: lineTextAt(this.text, line) };
  }
}

// ---------------------------------------------------------------------------------------------
// What the author does about each diagnostic

const catalogue = builtinCatalogue();

function labelled(label: string): (items: CompletionItem[]) => CompletionItem | undefined {
  return (items) => items.find((item) => item.label === label);
}

/** The first item by sort order: what the suggest widget shows on top. */
function topItem(items: CompletionItem[]): CompletionItem | undefined {
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))[0];
}

async function linkEvidence(session: AuthoringSession, number: string, link: { text: string; file: string; anchor: string }): Promise<void> {
  const cell = session.cellCursor(number, 'Evidence');
  // VS Code closes the brackets as the author types "[", the link text, "]" and "(".
  let cursor = await session.type(cell.offset, `[${link.text}]`, 'typed prose', `link text for ER ${number}`);
  cursor = (await session.type(cursor, '()', 'typed syntax', 'link destination brackets')) - 1;
  cursor = await session.complete(cursor, `link path for ER ${number}`, labelled('evidence/'));
  cursor = await session.complete(cursor, `evidence file for ER ${number}`, labelled(link.file));
  cursor = await session.type(cursor, '#', 'typed syntax', 'anchor');
  await session.complete(cursor, `heading anchor for ER ${number}`, labelled(link.anchor));
}

async function addEvidence(session: AuthoringSession, number: string): Promise<void> {
  const link = EVIDENCE_LINKS[number];
  if (link) return linkEvidence(session, number, link);
  const cell = session.cellCursor(number, 'Standards');
  await session.complete(cell.offset, `standard for ER ${number}`, (items) => {
    const top = topItem(items);
    // The author takes the top suggestion only when it is a standard typical for this ER.
    const typical = catalogue.essentialRequirements.find((er) => er.number === number)?.standards ?? [];
    const edition = top ? catalogue.standards.find((s) => s.current === top.label) : undefined;
    assert.ok(edition && typical.includes(edition.id), `ER ${number}: the top standard "${String(top?.label)}" is typical for it (${typical.join(', ') || 'none'}); else give the author an evidence link for it`);
    return top;
  });
}

async function justifyExclusion(session: AuthoringSession, number: string): Promise<void> {
  const decision = APPLIES_DECISIONS[number];
  if (decision) {
    const cell = session.cellCursor(number, 'Applies');
    await session.complete(cell.offset, `Applies for ER ${number}`, labelled(decision));
    return;
  }
  const hover = await session.hover(session.cellCursor(number, 'ER').start);
  assert.match(hover, new RegExp(`^\\*\\*ER ${number.replace(/\./g, '\\.')}: `), `the hover of ER ${number} names it`);
  const title = catalogue.essentialRequirements.find((er) => er.number === number)?.title ?? number;
  const reason = JUSTIFICATIONS[number] ?? `The ${DEVICE_NAME} is software only, so "${title}" does not arise for it.`;
  const cell = session.cellCursor(number, 'Justification');
  await session.type(cell.offset, reason, 'typed prose', `justification for ER ${number}`);
}

/** Types over the default text of the prompt of the element a section-incomplete or placeholder-unfilled diagnostic names. */
async function fillPrompt(session: AuthoringSession, diagnostic: Diagnostic): Promise<void> {
  const sectionId = (diagnostic.data as { target?: string }).target!;
  const section = catalogue.sections.find((s) => s.id === sectionId);
  const element = section?.elements.find((e) => diagnostic.message.includes(`does not state ${e.description}:`) || diagnostic.message.includes(`replace it with ${e.description}.`));
  assert.ok(element, `the element named by "${diagnostic.message}"`);
  const prose = PROMPT_PROSE[`${sectionId}/${element.id}`];
  assert.ok(prose, `the author has prose for ${sectionId}/${element.id}`);
  const prompt = expandSnippetAs(element.prompt);
  const at = session.text.indexOf(prompt.text);
  assert.ok(at >= 0 && at === session.text.lastIndexOf(prompt.text), `the prompt "${prompt.text}" is in the dossier, once`);
  // Last placeholder first, so the earlier offsets stay valid.
  for (const stop of [...prompt.tabStops].reverse()) {
    const text = prose[stop.index];
    assert.ok(text, `prose for placeholder ${stop.index} of ${sectionId}/${element.id}`);
    const span = stop.spans[0]!;
    await session.typeOver(at + span.start, at + span.end, text, `over "${stop.defaultText}" in "${prompt.text}"`);
  }
}

/** After a quick fix added the row of a sub-requirement of a group the author answers as one, the ER completion makes it the group's row. */
async function groupRowFollowUp(session: AuthoringSession, number: string): Promise<void> {
  const group = GROUP_ROWS.find((g) => number.startsWith(`${g}.`));
  if (!group) return;
  const cell = session.cellCursor(number, 'ER');
  await session.complete(cell.offset, `ER number for the group row of ${group}`, (items) => {
    const item = items.find((candidate) => candidate.label === group);
    if (item) assert.ok(item.labelDetails?.description, 'the ER item shows the title');
    return item;
  });
}

async function handle(session: AuthoringSession, diagnostic: Diagnostic): Promise<void> {
  const target = (diagnostic.data as { target?: string } | undefined)?.target;
  const fixes = await session.quickFixesFor(diagnostic);
  if (fixes.length > 0) {
    const takesAll = diagnostic.code === 'er-missing' && target === ADD_ALL_ROWS_AT;
    const addAll = takesAll ? fixes.find((action) => action.title.startsWith('Add all')) : undefined;
    if (takesAll) assert.ok(addAll, `"Add all N missing ERs" is offered at ER ${target}`);
    const fix = addAll ?? fixes.find((action) => action.isPreferred) ?? fixes[0]!;
    await session.applyAction(fix, 'quick fix');
    assert.ok(!session.diagnostics.some((d) => sameDiagnostic(d, diagnostic)), `"${fix.title}" removed the diagnostic it was offered for (${describeDiagnostic(diagnostic)})`);
    if (diagnostic.code === 'er-missing' && target) await groupRowFollowUp(session, target);
    return;
  }
  switch (diagnostic.code) {
    case 'evidence-missing':
      return addEvidence(session, target!);
    case 'exclusion-unjustified':
      return justifyExclusion(session, target!);
    case 'section-incomplete':
    case 'placeholder-unfilled':
      return fillPrompt(session, diagnostic);
    default:
      assert.fail(`No quick fix, completion or prose for ${describeDiagnostic(diagnostic)} at line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The session

interface SessionResult {
  session: AuthoringSession;
  /** What a fresh server publishes for the saved dossier. */
  reopened: Diagnostic[];
  milliseconds: number;
}

function newDossierSnippet(): string {
  const snippets = JSON.parse(fs.readFileSync(SNIPPETS_FILE, 'utf8')) as Record<string, { prefix: string; body: string[] | string }>;
  const snippet = Object.values(snippets).find((s) => s.prefix === 'hie-dossier');
  assert.ok(snippet, 'the snippets file has the hie-dossier snippet');
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

async function replaySession(eol: '\n' | '\r\n'): Promise<SessionResult> {
  const started = Date.now();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-authoring-'));
  for (const [name, content] of Object.entries(EVIDENCE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), content);
  }
  const { client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } });
  const session = new AuthoringSession(client, pathToFileURL(path.join(workspace, 'index.md')).href);
  try {
    // 1. The snippet, filled in as the author tabs through it.
    const expansion = expandSnippetAs(newDossierSnippet(), { answers: NEW_DOSSIER_ANSWERS });
    for (const stop of expansion.tabStops) {
      if (stop.source === 'typed') session.typedProse.push(stop.value);
      session.record('snippet', `$${stop.index}: ${stop.source === 'default' ? `kept "${stop.defaultText}"` : `${stop.source} "${stop.value}"`}`);
    }
    const text = eol === '\n' ? expansion.text : expansion.text.replace(/\r?\n/g, '\r\n');
    // The final cursor ($0): same line and column in either line ending.
    const finalCursor = positionAt(expansion.text, expansion.finalCursor);
    await session.open(text);

    // 2. Save: "Fix all" brings the edition typed from an old dossier up to date.
    assert.ok(session.diagnostics.some((d) => d.code === 'standard-superseded'), 'the old edition is reported');
    await session.save();
    assert.ok(!session.diagnostics.some((d) => d.code === 'standard-superseded'), 'fix-all replaced it');

    // 3. At $0, the clinical investigation section the frontmatter now asks for, by heading completion.
    assert.ok(session.diagnostics.some((d) => d.code === 'section-missing' && (d.data as { target?: string }).target === 'clinical-investigation'));
    let cursor = await session.type(offsetAt(session.text, finalCursor), '## ', 'typed syntax', 'heading marks at the final cursor');
    await session.complete(cursor, 'missing section heading', labelled('Clinical investigation'), CLINICAL_INVESTIGATION_ANSWERS);

    // 4. Frontmatter values by completion: characteristics (the empty list of $7), then the class.
    const characteristics = session.offsetOfLine(/^\s*characteristics:\s*\[\]/);
    cursor = characteristics.offset + characteristics.text.indexOf('[') + 1;
    for (const [i, characteristic] of CHARACTERISTICS.entries()) {
      if (i > 0) cursor = await session.type(cursor, ', ', 'typed syntax', 'list separator');
      cursor = await session.complete(cursor, 'characteristic', labelled(characteristic));
    }
    const classification = session.offsetOfLine(/^\s*classification:/);
    await session.complete(classification.offset + classification.text.trimEnd().length, 'classification', labelled(CLASSIFICATION));

    // 5. The diagnostics, one at a time, until none is left.
    while (session.diagnostics.length > 0) {
      session.step++;
      assert.ok(
        session.step <= MAX_STEPS,
        `Still ${session.diagnostics.length} diagnostics after ${MAX_STEPS} steps:\n${session.diagnostics.map((d) => `  line ${d.range.start.line + 1}: ${describeDiagnostic(d)}: ${d.message}`).join('\n')}`,
      );
      const next = [...session.diagnostics].sort(byPosition)[0]!;
      session.cause = describeDiagnostic(next);
      await handle(session, next);
    }
    session.cause = undefined;

    // 6. Done: the author marks the device in use, by completion, and saves again.
    const status = session.offsetOfLine(/^status:/);
    await session.complete(status.offset + status.text.trimEnd().length, 'status', labelled(FINAL_STATUS));
    assert.deepEqual(session.diagnostics, [], 'no diagnostic after setting the status');

    // The author saves; another editor (a fresh server) opening the file sees it clean too, which
    // also shows the server's copy of the text and the author's never drifted apart.
    fs.writeFileSync(path.join(workspace, 'index.md'), session.text);
    const { client: fresh } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } });
    try {
      const published = fresh.nextDiagnostics(session.uri);
      await fresh.open(session.uri, session.text);
      return { session, reopened: (await published).diagnostics, milliseconds: Date.now() - started };
    } finally {
      await fresh.shutdown();
    }
  } finally {
    printLog(session, eol);
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function counts(session: AuthoringSession): Record<LogKind, number> {
  const result = { snippet: 0, 'quick fix': 0, 'fix all': 0, completion: 0, 'typed prose': 0, 'typed syntax': 0, hover: 0 } as Record<LogKind, number>;
  for (const entry of session.log) result[entry.kind]++;
  return result;
}

function printLog(session: AuthoringSession, eol: string): void {
  const lines = session.log.map((entry) => `  ${String(entry.step).padStart(3)} ${entry.kind.padEnd(12)} ${entry.cause ? `[${entry.cause}] ` : ''}${entry.detail}`);
  const summary = Object.entries(counts(session)).map(([kind, n]) => `${n} ${kind}`).join(', ');
  console.log(
    `\nAuthoring session (${eol === '\n' ? 'LF' : 'CRLF'}): ${session.step} diagnostic steps; ${summary}; ${session.typedProse.length} typed prose values in all (snippet tab stops included)\n${lines.join('\n')}\n`,
  );
}

/** The current edition of every superseded one cited in `text` (what fix-all and quick fixes make of typed prose). */
function withCurrentEditions(text: string): string {
  let result = text;
  for (const standard of catalogue.standards) for (const old of standard.replaces) result = result.split(old).join(standard.current);
  return result;
}

function assertEndState(result: SessionResult, eol: '\n' | '\r\n'): void {
  const { session } = result;
  assert.deepEqual(session.diagnostics, [], 'zero diagnostics at the end');
  assert.deepEqual(result.reopened, [], 'zero diagnostics for the saved dossier opened afresh');

  // Everything typed is still there (an old edition in it now cites the current one).
  for (const typed of session.typedProse) assert.ok(session.text.includes(withCurrentEditions(typed)), `the dossier still contains the typed "${typed}"`);
  assert.ok(session.text.includes('ISO 13485:2016') && session.text.includes('ISO 14155:2020'), 'the old editions were brought up to date');

  // Every section of the catalogue is present (clinical investigation too: the author set it true).
  const { service } = createTestService({ [`${WORKSPACE}/index.md`]: session.text, ...Object.fromEntries(Object.entries(EVIDENCE_FILES).map(([name, content]) => [`${WORKSPACE}/${name}`, content])) });
  const check = service.check(`${WORKSPACE}/index.md`);
  assert.ok(check.dossier, 'still a dossier');
  const present = new Set(check.dossier.index.sections.map((s) => s.sectionId));
  for (const section of catalogue.sections) assert.ok(present.has(section.id), `section ${section.id} is present`);
  assert.deepEqual([...check.diagnostics.values()].flat(), [], 'the language service agrees: no diagnostic');

  // The session used each kind of help the issue lists.
  const tally = counts(session);
  assert.ok(tally['quick fix'] > 0 && tally['fix all'] === 1 && tally.completion > 0 && tally['typed prose'] > 0);
  assert.ok(session.log.some((entry) => entry.kind === 'quick fix' && entry.detail.endsWith('(resolved)')), 'a lazy quick fix was resolved with codeAction/resolve');
  const completions = session.log.filter((entry) => entry.kind === 'completion').map((entry) => entry.detail);
  for (const kind of ['characteristic', 'classification', 'status', 'ER number', 'Applies', 'standard for ER', 'link path', 'evidence file', 'heading anchor', 'missing section heading']) {
    assert.ok(completions.some((detail) => detail.startsWith(kind)), `a ${kind} completion was used`);
  }

  // Line endings: every edit kept the document's own.
  if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(session.text), 'only CRLF line breaks');
  else assert.ok(!session.text.includes('\r'), 'only LF line breaks');
}

describe('authoring session: a new dossier from the snippet to zero diagnostics', function () {
  this.timeout(240000);

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`ends with zero diagnostics using only completions, quick fixes and typed prose (${name})`, async () => {
      const result = await replaySession(eol);
      console.log(`  ${name} session: ${result.milliseconds} ms`);
      assertEndState(result, eol);
    });
  }
});
