/**
 * Quick fixes for the dossier's diagnostics, as LSP code actions. Given the service, a file, and
 * the diagnostics of the request's context, it asks each fix family for proposals and turns them
 * into CodeActions: cheap edits at once, costly ones (whole tables, sections from templates) left
 * for codeAction/resolve with enough `data` to compute them again from the current text.
 */
import type { CodeAction, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { CheckSettings, DossierService } from '../../service';
import { loadTemplateLibrary, type TemplateLibrary } from '../../templates/templateLibrary';
import { erChecklistMissingFixes, erMissingFixes } from './checklist';
import { frontmatterFixes } from './frontmatter';
import { evidenceLinkFixes } from './links';
import { characteristicUnknownFixes, erUnknownFixes, exclusionFixes, standardSupersededFixes } from './replacements';
import { sectionIncompleteFixes, sectionMissingFixes } from './sections';
import { FIX_ALL_KIND, QUICK_FIX_KIND, type FileEdit, type FixContext, type FixProposal, type FixProvider, type IncomingDiagnostic } from './types';

export { FIX_ALL_KIND, QUICK_FIX_KIND } from './types';

export const FIX_PROVIDERS: Readonly<Record<string, FixProvider>> = {
  'er-missing': erMissingFixes,
  'er-checklist-missing': erChecklistMissingFixes,
  'section-missing': sectionMissingFixes,
  'section-incomplete': sectionIncompleteFixes,
  'standard-superseded': standardSupersededFixes,
  'characteristic-unknown': characteristicUnknownFixes,
  'er-unknown': erUnknownFixes,
  'exclusion-not-allowed': exclusionFixes,
  'exclusion-contradicts-device': exclusionFixes,
  'evidence-link-broken': evidenceLinkFixes,
  'frontmatter-invalid': frontmatterFixes,
};

/** Rules whose fixes are deterministic enough for "Fix all" on save. */
export const AUTO_FIX_RULES: readonly string[] = ['standard-superseded', 'characteristic-unknown', 'exclusion-not-allowed'];

export interface CodeActionOptions {
  pathToUri(path: string): string;
  /** The client resolves `edit` lazily (codeAction/resolve); otherwise every edit is computed at once. Default true. */
  resolveSupport?: boolean;
  /** The client accepts snippet edits in a workspace edit (LSP 3.18 `SnippetTextEdit`). Default false. */
  snippetEdits?: boolean;
  /** Template folders from the `hieDossier.templateFolders` setting, absolute; they come before `.hie-dossier.yaml`'s. */
  templateFolders?: readonly string[];
  /** Severities for "Fix all", which checks the dossier itself. */
  checkSettings?: CheckSettings;
}

/** What a lazy action carries to codeAction/resolve. */
export interface CodeActionData {
  hieDossier: {
    path: string;
    proposal: string;
    rule: string;
    target?: string;
    range: Range;
    message: string;
  };
}

/** Builds what the fix families read, for a file at its current text. */
export function fixContext(service: DossierService, path: string, options: Pick<CodeActionOptions, 'templateFolders'> = {}): FixContext | undefined {
  const { file, dossier } = service.contextFor(path);
  if (!file) return undefined;
  // The index's configuration decides the catalogue, as it does for the check.
  const catalogue = service.catalogueFor(dossier?.index.path ?? path);
  let library: TemplateLibrary | undefined;
  let loaded = false;
  return {
    service,
    catalogue,
    path,
    file,
    dossier,
    library() {
      if (!loaded) {
        loaded = true;
        const folders = [...(options.templateFolders ?? []), ...service.projectConfig(dossier?.index.path ?? path).templates];
        library = folders.length > 0 ? loadTemplateLibrary(service.fileSystem, folders, new Set(catalogue.sections.keys())) : undefined;
      }
      return library;
    },
    fileModel: (other) => (other === path ? file : service.fileModel(other)),
  };
}

function ruleOf(diagnostic: Diagnostic): { rule: string; target: string | undefined } | undefined {
  const data = diagnostic.data as { rule?: unknown; target?: unknown } | undefined;
  const rule = typeof data?.rule === 'string' ? data.rule : diagnostic.source === 'hie-dossier' && typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  if (!rule) return undefined;
  return { rule, target: typeof data?.target === 'string' ? data.target : undefined };
}

export function incomingDiagnostic(context: FixContext, diagnostic: Diagnostic): IncomingDiagnostic | undefined {
  const identity = ruleOf(diagnostic);
  if (!identity) return undefined;
  const lines = context.file.lines;
  return { lsp: diagnostic, ...identity, range: { start: lines.offsetAt(diagnostic.range.start), end: lines.offsetAt(diagnostic.range.end) } };
}

/** Whether an action of `kind` is wanted by a request that asked `only` for these kinds. */
export function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.length === 0 || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

/** Turns offset edits into a WorkspaceEdit keyed by URI, at each file's current text. */
export function workspaceEditOf(service: DossierService, edits: readonly FileEdit[], options: Pick<CodeActionOptions, 'pathToUri' | 'snippetEdits'>): WorkspaceEdit {
  const byPath = new Map<string, FileEdit[]>();
  for (const edit of edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  const changes: Record<string, TextEdit[]> = {};
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  const useSnippets = options.snippetEdits === true && edits.some((edit) => edit.snippet !== undefined);
  for (const [path, fileEdits] of byPath) {
    const lines = service.fileModel(path)?.lines;
    if (!lines) continue;
    const uri = options.pathToUri(path);
    const sorted = [...fileEdits].sort((a, b) => a.range.start - b.range.start);
    if (!useSnippets) {
      changes[uri] = sorted.map((edit) => ({ range: lines.rangeOf(edit.range.start, edit.range.end), newText: edit.text }));
      continue;
    }
    const textEdits = sorted.map((edit) => {
      const range = lines.rangeOf(edit.range.start, edit.range.end);
      // LSP 3.18's SnippetTextEdit, which vscode-languageserver-types 3.17 does not declare yet;
      // only sent to clients that announced `workspace.workspaceEdit.snippetEditSupport`.
      return edit.snippet !== undefined ? ({ range, snippet: { kind: 'snippet', value: edit.snippet } } as unknown as TextEdit) : { range, newText: edit.text };
    });
    documentChanges.push({ textDocument: { uri, version: null }, edits: textEdits });
  }
  return useSnippets ? { documentChanges } : { changes };
}

interface Candidate {
  proposal: FixProposal;
  diagnostics: IncomingDiagnostic[];
}

function proposalsFor(context: FixContext, diagnostics: readonly Diagnostic[]): Candidate[] {
  const candidates = new Map<string, Candidate>();
  for (const raw of diagnostics) {
    const diagnostic = incomingDiagnostic(context, raw);
    const provider = diagnostic ? FIX_PROVIDERS[diagnostic.rule] : undefined;
    if (!diagnostic || !provider) continue;
    let proposals: FixProposal[];
    try {
      proposals = provider(context, diagnostic);
    } catch {
      // A fix that cannot be computed is simply not offered; the diagnostic still stands.
      proposals = [];
    }
    for (const proposal of proposals) {
      // One action per fix: "Add all missing ERs" once for every er-missing, and the same fix
      // for several diagnostics at one place (a missing mapping and its keys) once.
      const key = proposal.groupKey ?? `${diagnostic.rule}|${proposal.id}|${diagnostic.range.start}-${diagnostic.range.end}`;
      const existing = candidates.get(key);
      if (existing) existing.diagnostics.push(diagnostic);
      else candidates.set(key, { proposal, diagnostics: [diagnostic] });
    }
  }
  return [...candidates.values()];
}

function actionOf(service: DossierService, context: FixContext, candidate: Candidate, options: CodeActionOptions): CodeAction {
  const { proposal, diagnostics } = candidate;
  const action: CodeAction = { title: proposal.title, kind: QUICK_FIX_KIND, diagnostics: diagnostics.map((d) => d.lsp) };
  if (proposal.isPreferred) action.isPreferred = true;
  if (proposal.lazy && options.resolveSupport !== false) {
    const first = diagnostics[0]!;
    const data: CodeActionData = {
      hieDossier: { path: context.path, proposal: proposal.id, rule: first.rule, range: first.lsp.range, message: first.lsp.message, ...(first.target !== undefined ? { target: first.target } : {}) },
    };
    action.data = data;
  } else {
    action.edit = workspaceEditOf(service, proposal.edits(), options);
  }
  return action;
}

/**
 * The code actions for a request: quick fixes for the given diagnostics (those of this server),
 * and "Fix all" when the request asks for `source.fixAll` actions.
 */
export function provideCodeActions(service: DossierService, path: string, diagnostics: readonly Diagnostic[], only: readonly string[] | undefined, options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  if (kindWanted(QUICK_FIX_KIND, only)) {
    const context = fixContext(service, path, options);
    if (context) for (const candidate of proposalsFor(context, diagnostics)) actions.push(actionOf(service, context, candidate, options));
  }
  // "Fix all" checks the whole dossier, so it is computed only when asked for by kind (on save, or the Source Action menu).
  if (only && only.length > 0 && only.some((wanted) => wanted !== QUICK_FIX_KIND && kindWanted(FIX_ALL_KIND, [wanted]))) {
    const fixAll = fixAllAction(service, path, options);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function isCodeActionData(data: unknown): data is CodeActionData {
  const inner = (data as { hieDossier?: Record<string, unknown> } | undefined)?.hieDossier;
  return typeof inner?.['path'] === 'string' && typeof inner['proposal'] === 'string' && typeof inner['rule'] === 'string' && typeof inner['message'] === 'string';
}

/** codeAction/resolve: computes the edit of a lazy action from the file's current text (unchanged action when the fix no longer applies). */
export function resolveCodeAction(service: DossierService, action: CodeAction, options: CodeActionOptions): CodeAction {
  if (action.edit || !isCodeActionData(action.data)) return action;
  const { path, proposal: id, rule, target, range, message } = action.data.hieDossier;
  const context = fixContext(service, path, options);
  const provider = FIX_PROVIDERS[rule];
  if (!context || !provider) return action;
  const diagnostic = incomingDiagnostic(context, { range, message, source: 'hie-dossier', code: rule, data: { rule, ...(target !== undefined ? { target } : {}) } });
  const proposal = diagnostic ? provider(context, diagnostic).find((p) => p.id === id) : undefined;
  if (!proposal) return action;
  return { ...action, edit: workspaceEditOf(service, proposal.edits(), options) };
}

function overlaps(a: FileEdit, b: FileEdit): boolean {
  return a.path === b.path && a.range.start < b.range.end && b.range.start < a.range.end;
}

/**
 * "Fix all auto-fixable problems": the deterministic fixes (current editions of superseded
 * standards, characteristic typos with one nearest word, general requirements marked No) for
 * every such diagnostic of the file, from a fresh check. Undefined when there is nothing to fix.
 */
export function fixAllAction(service: DossierService, path: string, options: CodeActionOptions): CodeAction | undefined {
  const file = service.fileModel(path);
  const index = file?.isIndex ? path : service.ownerOf(path);
  if (!file || !index) return undefined;
  const result = service.check(index, options.checkSettings ?? {});
  const diagnostics = (result.diagnostics.get(path) ?? []).filter((d) => AUTO_FIX_RULES.includes(d.rule));
  const context = fixContext(service, path, options);
  if (!context || diagnostics.length === 0) return undefined;
  const edits: FileEdit[] = [];
  const fixed: Diagnostic[] = [];
  for (const found of diagnostics) {
    const lsp: Diagnostic = { range: found.range, message: found.message, source: 'hie-dossier', code: found.rule, data: { rule: found.rule, ...(found.target !== undefined ? { target: found.target } : {}) } };
    const diagnostic = incomingDiagnostic(context, lsp);
    const proposal = diagnostic ? FIX_PROVIDERS[found.rule]?.(context, diagnostic).find((p) => p.autoFix) : undefined;
    if (!proposal) continue;
    const proposed = proposal.edits().filter((edit) => edit.path === path);
    if (proposed.some((edit) => edits.some((taken) => overlaps(edit, taken)))) continue;
    edits.push(...proposed);
    fixed.push(lsp);
  }
  if (edits.length === 0) return undefined;
  return { title: 'Fix all auto-fixable problems', kind: FIX_ALL_KIND, diagnostics: fixed, edit: workspaceEditOf(service, edits, { ...options, snippetEdits: false }) };
}
