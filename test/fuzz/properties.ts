/**
 * The properties every input must satisfy, written as plain functions that throw on a violation
 * so that the CI suite, the long fuzz run and the regression fixtures share them:
 *
 * - checking never throws and no rule fails internally;
 * - every diagnostic range lies inside its document (line < lineCount, character ≤ the line's
 *   length, start not after end);
 * - the same input gives the same diagnostics, on a fresh service and on a warm one;
 * - after any sequence of edits the incremental result equals a fresh check of the final text.
 */
import { strict as assert } from 'node:assert';
import type { CheckResult, DossierDiagnostic, DossierService } from '../../server/src/languageservice/service';
import { createTestService, WORKSPACE } from '../support/testService';
import { INDEX, type DocumentCase, type EditCase, type WorkspaceFiles } from './generators';

export const INDEX_PATH = `${WORKSPACE}/${INDEX}`;
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

export function absoluteFiles(files: WorkspaceFiles): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [`${WORKSPACE}/${name}`, text]));
}

export function serviceFor(files: WorkspaceFiles): DossierService {
  return createTestService(absoluteFiles(files)).service;
}

/** Lines as an editor counts them: separated by "\r\n", "\r" or "\n". */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function describe(d: DossierDiagnostic): string {
  return `${d.rule} at ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} in ${d.path} ("${d.message.slice(0, 80)}")`;
}

/** Every diagnostic is well formed and lies inside the text of the file it is reported on. */
export function assertWellFormed(result: CheckResult, textOf: (path: string) => string | undefined): void {
  for (const [file, list] of result.diagnostics) {
    const lengths = lineLengths(textOf(file) ?? '');
    for (const d of list) {
      assert.equal(d.path, file, `diagnostic filed under the wrong file: ${describe(d)}`);
      assert.ok(d.rule && d.message.trim(), `diagnostic without a rule or a message: ${describe(d)}`);
      assert.ok(SEVERITIES.has(d.severity), `unknown severity ${d.severity}: ${describe(d)}`);
      assert.ok(!/^Internal error/.test(d.message), `a rule failed internally: ${describe(d)}`);
      for (const position of [d.range.start, d.range.end]) {
        assert.ok(Number.isInteger(position.line) && Number.isInteger(position.character), `non-integer position: ${describe(d)}`);
        assert.ok(position.line >= 0 && position.line < lengths.length, `line outside the document (${lengths.length} lines): ${describe(d)}`);
        assert.ok(position.character >= 0 && position.character <= lengths[position.line]!, `character past the end of line ${position.line} (length ${lengths[position.line]}): ${describe(d)}`);
      }
      const { start, end } = d.range;
      assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `range starts after it ends: ${describe(d)}`);
    }
  }
}

/** The diagnostics of a check as a canonical string, for comparing two checks. */
export function canonical(result: CheckResult): string {
  const entries = [...result.diagnostics.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries.map(([file, list]) => [file, list.map((d) => [d.rule, d.severity, d.range, d.target ?? null, d.message])]));
}

/** Checks index.md of a workspace: never throws, ranges inside, same answer twice. */
export function documentProperty({ files }: DocumentCase): void {
  const textOf = (file: string): string | undefined => files[file.slice(WORKSPACE.length + 1)];
  const service = serviceFor(files);
  const first = service.check(INDEX_PATH);
  assertWellFormed(first, textOf);
  // Warm: the same service again (cached parses, rules run again).
  assert.equal(canonical(service.check(INDEX_PATH)), canonical(first), 'a second check on the same service differs from the first');
  // Cold: a new service, nothing shared.
  assert.equal(canonical(serviceFor(files).check(INDEX_PATH)), canonical(first), 'a check on a fresh service differs from the first');
}

/** Opens texts[0] as the editor's text of index.md, applies each later text as an edit, and compares with a fresh check. */
export function editSequenceProperty({ files, texts }: EditCase): void {
  const service = serviceFor(files);
  let result: CheckResult | undefined;
  for (const text of texts) {
    service.setOverlay(INDEX_PATH, text);
    result = service.check(INDEX_PATH);
    const current = text;
    assertWellFormed(result, (file) => (file === INDEX_PATH ? current : files[file.slice(WORKSPACE.length + 1)]));
  }
  const finalText = texts[texts.length - 1]!;
  // The same workspace and the same editor text, but nothing parsed before.
  const fresh = serviceFor(files);
  fresh.setOverlay(INDEX_PATH, finalText);
  const expected = fresh.check(INDEX_PATH);
  assert.equal(canonical(result!), canonical(expected), 'after the edits, the incremental check differs from a fresh check of the same text');
  const incrementalBlocks = service.fileModel(INDEX_PATH)?.parsed.blocks;
  const freshBlocks = fresh.fileModel(INDEX_PATH)?.parsed.blocks;
  assert.deepEqual(incrementalBlocks, freshBlocks, 'after the edits, the incremental parse differs from a fresh parse of the same text');
}
