/**
 * Applies a WorkspaceEdit to texts held in memory, as an editor would: for "Fix all" outside an
 * editor (a future `--fix`) and for tests that check what a fix does to a document.
 */
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { snippetToPlain } from '../../templates/snippetSyntax';
import { LineIndex } from '../../text/lineIndex';

interface SnippetEdit {
  range: Range;
  snippet: { kind: 'snippet'; value: string };
}

function isSnippetEdit(edit: unknown): edit is SnippetEdit {
  return typeof (edit as SnippetEdit).snippet?.value === 'string';
}

/** Applies edits (non-overlapping, positions in the original text) to a text. */
export function applyTextEdits(text: string, edits: readonly (TextEdit | SnippetEdit)[]): string {
  const lines = new LineIndex(text);
  const located = edits
    .map((edit, order) => ({
      start: lines.offsetAt(edit.range.start),
      end: lines.offsetAt(edit.range.end),
      newText: isSnippetEdit(edit) ? snippetToPlain(edit.snippet.value) : edit.newText,
      order,
    }))
    // From the end, so earlier offsets stay valid; edits at one position keep their order.
    .sort((a, b) => b.start - a.start || b.order - a.order);
  for (let i = 1; i < located.length; i++) {
    if (located[i]!.end > located[i - 1]!.start) throw new Error('Overlapping edits');
  }
  let result = text;
  for (const edit of located) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** The texts after a workspace edit, by URI (only the URIs it changes). Snippets are applied with their defaults. */
export function applyWorkspaceEdit(edit: WorkspaceEdit, textOf: (uri: string) => string | undefined): Map<string, string> {
  const byUri = new Map<string, (TextEdit | SnippetEdit)[]>();
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change)) throw new Error(`Unsupported document change: ${change.kind}`);
    const uri = change.textDocument.uri;
    byUri.set(uri, [...(byUri.get(uri) ?? []), ...(change.edits as unknown[] as (TextEdit | SnippetEdit)[])]);
  }
  const results = new Map<string, string>();
  for (const [uri, edits] of byUri) {
    const text = textOf(uri);
    if (text === undefined) throw new Error(`No text for ${uri}`);
    results.set(uri, applyTextEdits(text, edits));
  }
  return results;
}
