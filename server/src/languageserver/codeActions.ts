/** LSP wiring for code actions (quick fixes and "Fix all"); the logic lives in ../languageservice/features/codeActions. */
import type { ClientCapabilities, CodeAction } from 'vscode-languageserver/node';
import { FIX_ALL_KIND, provideCodeActions, QUICK_FIX_KIND, resolveCodeAction, type CodeActionData, type CodeActionOptions } from '../languageservice/features/codeActions';
import type { DossierService } from '../languageservice/service';
import { settingsTemplateFolders } from '../languageservice/templates/templateLibrary';
import type { FeatureRegistrar, ServerContext } from './context';

function optionsFor(context: ServerContext, service: DossierService, path: string): CodeActionOptions {
  const capabilities: ClientCapabilities | undefined = context.clientCapabilities();
  const settings = context.settings();
  const workspaceEdit = capabilities?.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined;
  return {
    pathToUri: context.pathToUri,
    resolveSupport: capabilities ? (capabilities.textDocument?.codeAction?.resolveSupport?.properties ?? []).includes('edit') : true,
    snippetEdits: workspaceEdit?.snippetEditSupport === true,
    templateFolders: settingsTemplateFolders(settings.templateFolders, service.workspaceRootOf(path)),
    checkSettings: { ruleOverrides: settings.rules, maxFileSizeKb: settings.maxFileSizeKb },
  };
}

function logFailure(context: ServerContext, what: string, error: unknown): void {
  context.connection.console.error(`hie-dossier: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

export const registerCodeActions: FeatureRegistrar = (context) => {
  context.connection.onCodeAction((params) => {
    try {
      const path = context.sync(params.textDocument.uri);
      if (path === undefined) return [];
      const service = context.service();
      return provideCodeActions(service, path, params.context.diagnostics, params.context.only, optionsFor(context, service, path));
    } catch (error) {
      logFailure(context, `code actions for ${params.textDocument.uri}`, error);
      return [];
    }
  });
  context.connection.onCodeActionResolve((action: CodeAction) => {
    const data = action.data as CodeActionData | undefined;
    const path = data?.hieDossier?.path;
    if (typeof path !== 'string') return action;
    try {
      context.sync(context.pathToUri(path));
      const service = context.service();
      return resolveCodeAction(service, action, optionsFor(context, service, path));
    } catch (error) {
      logFailure(context, `resolving the code action "${action.title}"`, error);
      return action;
    }
  });
  return { codeActionProvider: { codeActionKinds: [QUICK_FIX_KIND, FIX_ALL_KIND], resolveProvider: true } };
};
