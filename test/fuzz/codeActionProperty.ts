/**
 * The quick-fix property: every quick fix offered for a diagnostic applies cleanly (positions
 * inside the document, edits that do not overlap and do not split a CRLF or a surrogate pair),
 * removes the diagnostic it is offered for, adds no error, and keeps every byte of the document
 * outside its edit. The last point is checked on the edit itself: what an edit really removes
 * (the replaced text less what it puts back at its start and end) must be on the lines of the
 * diagnostic it fixes, so a fix can never eat a neighbouring row, heading or line break.
 *
 * "Adds no error" has one deliberate exception: a fix never invents a reason, so a checklist row
 * it inserts marked No has an empty Justification (issue 3: "empty justification cells for the
 * author to write"), and the `exclusion-unjustified` error on that row is the prompt for the
 * author. Such an error counts as added only when it is on a line the fix did not write or edit.
 */
import { strict as assert } from 'node:assert';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { provideCodeActions } from '../../server/src/languageservice/features/codeActions';
import type { CheckResult, DossierDiagnostic } from '../../server/src/languageservice/service';
import { WORKSPACE } from '../support/testService';
import type { DocumentCase, WorkspaceFiles } from './generators';
import { assertWellFormed, INDEX_PATH, serviceFor } from './properties';

const URI_PREFIX = 'file://';
const pathToUri = (path: string): string => `${URI_PREFIX}${path}`;
const uriToPath = (uri: string): string => uri.slice(URI_PREFIX.length);
const relativeName = (path: string): string => path.slice(WORKSPACE.length + 1);

function toLsp(d: DossierDiagnostic): Diagnostic {
  return { range: d.range, severity: 1, message: d.message, source: 'hie-dossier', code: d.rule, data: { rule: d.rule, ...(d.target !== undefined ? { target: d.target } : {}) } };
}

/** Line start offsets as an editor counts lines; computed here, not with the service's LineIndex. */
function lineTable(text: string): { starts: number[]; contentEnds: number[] } {
  const starts = [0];
  const contentEnds: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 || code === 10) {
      contentEnds.push(i);
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  contentEnds.push(text.length);
  return { starts, contentEnds };
}

function offsetOf(text: string, table: ReturnType<typeof lineTable>, position: { line: number; character: number }, what: string): number {
  assert.ok(position.line >= 0 && position.line < table.starts.length, `${what}: line ${position.line} outside the document (${table.starts.length} lines)`);
  const length = table.contentEnds[position.line]! - table.starts[position.line]!;
  assert.ok(position.character >= 0 && position.character <= length, `${what}: character ${position.character} past the end of line ${position.line} (length ${length})`);
  const offset = table.starts[position.line]! + position.character;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  assert.ok(!(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff), `${what}: splits a surrogate pair at ${position.line}:${position.character}`);
  return offset;
}

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

interface Span {
  start: number;
  end: number;
}

/** Rules whose errors on inserted text ask the author for what a fix must not make up. */
const AUTHOR_INPUT_RULES = new Set(['exclusion-unjustified']);

/** Applies the edits of one file after checking them; returns the new text and where text was inserted. */
function applyChecked(text: string, edits: readonly TextEdit[], allowedRemoval: Span[], title: string): { text: string; inserted: Span[] } {
  const table = lineTable(text);
  const offsetEdits: OffsetEdit[] = edits.map((edit, i) => {
    const what = `"${title}" edit ${i}`;
    const start = offsetOf(text, table, edit.range.start, what);
    const end = offsetOf(text, table, edit.range.end, what);
    assert.ok(start <= end, `${what}: range starts after it ends`);
    assert.equal(typeof edit.newText, 'string', `${what}: no newText`);
    // What the edit really takes away: the replaced text less what it puts back at either end.
    const old = text.slice(start, end);
    let prefix = 0;
    while (prefix < old.length && prefix < edit.newText.length && old[prefix] === edit.newText[prefix]) prefix++;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < edit.newText.length - prefix && old[old.length - 1 - suffix] === edit.newText[edit.newText.length - 1 - suffix]) suffix++;
    const removedStart = start + prefix;
    const removedEnd = end - suffix;
    if (removedStart < removedEnd) {
      const inside = allowedRemoval.some((allowed) => removedStart >= allowed.start && removedEnd <= allowed.end);
      assert.ok(inside, `${what}: removes ${JSON.stringify(text.slice(removedStart, removedEnd).slice(0, 120))}, outside the lines of the diagnostic it fixes`);
    }
    return { start, end, text: edit.newText };
  });
  offsetEdits.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < offsetEdits.length; i++) {
    assert.ok(offsetEdits[i - 1]!.end <= offsetEdits[i]!.start, `"${title}": edits ${i - 1} and ${i} overlap`);
  }
  let result = '';
  let at = 0;
  const inserted: Span[] = [];
  for (const edit of offsetEdits) {
    result += text.slice(at, edit.start);
    inserted.push({ start: result.length, end: result.length + edit.text.length });
    result += edit.text;
    at = edit.end;
  }
  return { text: result + text.slice(at), inserted };
}

/** Whether a diagnostic is on a line the fix wrote or rewrote. */
function onEditedLine(text: string, d: DossierDiagnostic, inserted: readonly Span[]): boolean {
  const table = lineTable(text);
  const start = table.starts[d.range.start.line] ?? 0;
  const end = table.contentEnds[d.range.end.line] ?? text.length;
  return inserted.some((span) => span.start <= end && span.end >= start);
}

/** The lines (with their line break) that a diagnostic covers, as offsets. */
function linesOf(text: string, d: DossierDiagnostic): { start: number; end: number } {
  const table = lineTable(text);
  const lastLine = Math.min(d.range.end.line, table.starts.length - 1);
  return { start: table.starts[Math.min(d.range.start.line, table.starts.length - 1)]!, end: table.starts[lastLine + 1] ?? text.length };
}

function counts(result: CheckResult, severity?: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const [path, list] of result.diagnostics) {
    for (const d of list) {
      if (severity && d.severity !== severity) continue;
      const key = `${relativeName(path)}|${d.rule}|${d.target ?? ''}`;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  }
  return map;
}

export interface CodeActionStats {
  offered: number;
  checked: number;
}

/**
 * Runs the property for the quick fixes of up to `budget` diagnostics of the case, starting at
 * the one `pick` chooses, so that a case costs a bounded number of re-checks.
 */
export function codeActionProperty({ files }: DocumentCase, pick = 0, budget = 3, stats: CodeActionStats = { offered: 0, checked: 0 }): void {
  const service = serviceFor(files);
  const before = service.check(INDEX_PATH);
  const pathOf = (name: string): string => `${WORKSPACE}/${name}`;
  const candidates = [...before.diagnostics].flatMap(([path, list]) => (relativeName(path) in files ? list : []));
  if (candidates.length === 0) return;
  const beforeErrors = counts(before, 'error');
  const beforeAll = counts(before);
  for (let n = 0; n < Math.min(budget, candidates.length); n++) {
    const diagnostic = candidates[(pick + n) % candidates.length]!;
    const actions: CodeAction[] = provideCodeActions(service, diagnostic.path, [toLsp(diagnostic)], undefined, { pathToUri, resolveSupport: false });
    stats.offered += actions.length;
    for (const action of actions) {
      stats.checked++;
      const title = action.title;
      assert.ok(action.edit, `"${title}" for ${diagnostic.rule} has no edit although resolve support is off`);
      assert.ok(!action.edit.documentChanges, `"${title}" uses documentChanges although snippet edits were not asked for`);
      const changed: WorkspaceFiles = { ...files };
      const inserted = new Map<string, Span[]>();
      for (const [uri, edits] of Object.entries(action.edit.changes ?? {})) {
        const name = relativeName(uriToPath(uri));
        const text = files[name];
        assert.ok(text !== undefined, `"${title}" edits ${uri}, which is not a file of the workspace`);
        const allowed = uriToPath(uri) === diagnostic.path ? [linesOf(text, diagnostic)] : [];
        const applied = applyChecked(text, edits, allowed, title);
        changed[name] = applied.text;
        inserted.set(name, applied.inserted);
      }
      assert.ok(inserted.size > 0, `"${title}" for ${diagnostic.rule} changes nothing`);

      // Check the fixed text as the editor would have it (an overlay), then put the original back.
      // Incremental re-checks are exact (the edit-sequence property holds them to a fresh check).
      for (const name of inserted.keys()) service.setOverlay(pathOf(name), changed[name]!);
      let after: CheckResult;
      try {
        after = service.check(INDEX_PATH);
      } finally {
        for (const name of inserted.keys()) service.setOverlay(pathOf(name), files[name]!);
      }
      assertWellFormed(after, (path) => changed[relativeName(path)]);
      const key = `${relativeName(diagnostic.path)}|${diagnostic.rule}|${diagnostic.target ?? ''}`;
      const fixedHere = (action.diagnostics ?? [toLsp(diagnostic)]).length;
      const left = counts(after).get(key) ?? 0;
      assert.ok(left <= (beforeAll.get(key) ?? 0) - Math.min(fixedHere, 1), `"${title}" did not remove its diagnostic ${key} (${beforeAll.get(key)} before, ${left} after)`);
      const prompts = new Map<string, number>();
      for (const [path, list] of after.diagnostics) {
        const name = relativeName(path);
        for (const d of list) {
          if (d.severity !== 'error' || !AUTHOR_INPUT_RULES.has(d.rule) || !onEditedLine(changed[name] ?? '', d, inserted.get(name) ?? [])) continue;
          const errorKey = `${name}|${d.rule}|${d.target ?? ''}`;
          prompts.set(errorKey, (prompts.get(errorKey) ?? 0) + 1);
        }
      }
      for (const [errorKey, count] of counts(after, 'error')) {
        const allowed = (beforeErrors.get(errorKey) ?? 0) + (prompts.get(errorKey) ?? 0);
        assert.ok(count <= allowed, `"${title}" added an error: ${errorKey} (${beforeErrors.get(errorKey) ?? 0} before, ${count} after)`);
      }
    }
  }
}
