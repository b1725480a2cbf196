/** LSP wiring for navigation (definition, outline, document links, code lens); the logic lives in ../languageservice/features. */
import { codeLenses } from '../languageservice/features/codeLens';
import { featureContextFor, type FeatureContext } from '../languageservice/features/context';
import { definitionAt } from '../languageservice/features/definition';
import { documentLinks } from '../languageservice/features/documentLinks';
import { documentSymbols } from '../languageservice/features/symbols';
import type { FeatureRegistrar, ServerContext } from './context';

/**
 * Runs a feature on the editor's latest text of `uri`. A failure is logged and answered with the
 * fallback: one odd document must not break the editor's requests.
 */
export function answerWith<T>(context: ServerContext, uri: string, fallback: T, feature: (featureContext: FeatureContext) => T): T {
  try {
    const path = context.sync(uri);
    const featureContext = path === undefined ? undefined : featureContextFor(context.service(), path, context.pathToUri);
    return featureContext ? feature(featureContext) : fallback;
  } catch (error) {
    context.connection.console.error(`hie-dossier: request on ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

/**
 * Outline, links and lenses only for dossier files (an index or a part): the editor's own Markdown
 * support already gives every other file an outline and links, and ours would repeat them.
 */
const inDossier =
  <T>(fallback: T, feature: (featureContext: FeatureContext) => T) =>
  (featureContext: FeatureContext): T =>
    featureContext.dossier ? feature(featureContext) : fallback;

export const registerNavigation: FeatureRegistrar = (context) => {
  context.connection.onDefinition((params) => answerWith(context, params.textDocument.uri, [], inDossier([], (feature) => definitionAt(feature, params.position))));
  context.connection.onDocumentSymbol((params) => answerWith(context, params.textDocument.uri, [], inDossier([], documentSymbols)));
  context.connection.onDocumentLinks((params) => answerWith(context, params.textDocument.uri, [], inDossier([], documentLinks)));
  context.connection.onCodeLens((params) => answerWith(context, params.textDocument.uri, [], inDossier([], codeLenses)));
  return {
    definitionProvider: true,
    documentSymbolProvider: { label: 'HIE dossier' },
    documentLinkProvider: { resolveProvider: false },
    codeLensProvider: { resolveProvider: false },
  };
};
