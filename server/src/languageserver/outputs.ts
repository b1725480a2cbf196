/**
 * LSP wiring for the outputs: the custom requests behind the VS Code tree view, overview page
 * and declaration preview. The content comes from ../languageservice/outputs; this module only
 * finds the dossiers, checks them with the editor's settings and packs the answers.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { buildDeclaration, renderDeclarationHtml, renderDeclarationMarkdown } from '../languageservice/outputs/declaration';
import { deviceTitle } from '../languageservice/outputs/facts';
import {
  DECLARATION_REQUEST,
  WORKSPACE_SUMMARY_REQUEST,
  type DeclarationParams,
  type DeclarationResult,
  type DossierSummary,
  type WorkspaceSummary,
  type WorkspaceSummaryParams,
} from '../languageservice/outputs/protocol';
import { problemSummaries, summariseDossier } from '../languageservice/outputs/workspaceSummary';
import type { CheckResult } from '../languageservice/service';
import { isInside, relativePath } from '../languageservice/workspace/paths';
import { findMarkdownFiles } from '../node/nodeFileSystem';
import type { FeatureRegistrar, ServerContext } from './context';

/** Yield to the event loop every so many files, so edits and other requests are served meanwhile. */
const FILES_PER_SLICE = 10;

async function workspaceFolders(context: ServerContext, params: WorkspaceSummaryParams | undefined): Promise<string[]> {
  if (params?.folders?.length) return params.folders.map(context.uriToPath);
  try {
    const folders = await context.connection.workspace.getWorkspaceFolders();
    return (folders ?? []).map((folder) => context.uriToPath(folder.uri));
  } catch {
    // The client does not answer workspace/workspaceFolders: only the open documents are known.
    return [];
  }
}

function checkWithSettings(context: ServerContext, path: string): CheckResult {
  const settings = context.settings();
  return context.service().check(path, { ruleOverrides: settings.rules, maxFileSizeKb: settings.maxFileSizeKb });
}

export async function workspaceSummary(context: ServerContext, params: WorkspaceSummaryParams | undefined, token?: CancellationToken): Promise<WorkspaceSummary> {
  if (!context.settings().enable) return { enabled: false, dossiers: [] };
  const service = context.service();
  // Open documents first, so unsaved edits are what the summary shows.
  const open = context.documents.all().map((document) => context.sync(document.uri)).filter((path): path is string => path !== undefined);
  const roots = await workspaceFolders(context, params);
  const candidates = [...new Set([...roots.flatMap((root) => findMarkdownFiles(root)), ...open])].sort();
  const dossiers: DossierSummary[] = [];
  for (let i = 0; i < candidates.length; i++) {
    // A partial list would look complete to the client: say it was cancelled instead.
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The workspace summary was cancelled.');
    const path = candidates[i]!;
    const text = service.textOf(path);
    if (text !== undefined && service.isIndexText(path, text)) {
      const result = checkWithSettings(context, path);
      if (result.dossier) {
        const root = roots.find((folder) => isInside(folder, path)) ?? service.workspaceRootOf(path);
        dossiers.push(summariseDossier(result.dossier, service.catalogue, [...result.diagnostics.values()].flat(), context.pathToUri, relativePath(root, path)));
      }
    }
    if (i % FILES_PER_SLICE === FILES_PER_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  dossiers.sort((a, b) => a.name.localeCompare(b.name) || a.relativePath.localeCompare(b.relativePath));
  return { enabled: true, dossiers };
}

export function declarationFor(context: ServerContext, params: DeclarationParams): DeclarationResult {
  const service = context.service();
  const path = context.sync(params.uri) ?? context.uriToPath(params.uri);
  const indexPath = service.contextFor(path).dossier?.index.path;
  const result = indexPath ? checkWithSettings(context, indexPath) : undefined;
  if (!indexPath || !result?.dossier) return { indexUri: null, title: 'Not a dossier', content: null, draft: false, blockers: [] };
  const diagnostics = [...result.diagnostics.values()].flat();
  const root = service.workspaceRootOf(indexPath);
  const display = (file: string): string => relativePath(root, file);
  const mode = params.draft ?? 'whenBlocked';
  const blocked = diagnostics.some((d) => d.severity === 'error');
  const draft = mode === 'always' || (mode === 'whenBlocked' && blocked);
  const declaration = buildDeclaration(result.dossier, service.catalogue, diagnostics, { draft });
  const refused = blocked && mode === 'never';
  const content = refused
    ? null
    : params.format === 'md'
      ? renderDeclarationMarkdown(declaration, display)
      : renderDeclarationHtml([declaration], display, params.nonce ? { nonce: params.nonce } : {});
  return {
    indexUri: context.pathToUri(indexPath),
    title: `${draft ? 'DRAFT – ' : ''}Public declaration: ${deviceTitle(declaration.facts, indexPath)}`,
    content,
    draft,
    blockers: problemSummaries(declaration.blockers, context.pathToUri),
  };
}

export const registerOutputs: FeatureRegistrar = (context) => {
  context.connection.onRequest(WORKSPACE_SUMMARY_REQUEST, (params: WorkspaceSummaryParams | undefined, token) => workspaceSummary(context, params, token));
  context.connection.onRequest(DECLARATION_REQUEST, (params: DeclarationParams) => declarationFor(context, params));
  return {};
};
