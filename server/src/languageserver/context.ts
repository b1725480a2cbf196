/** What the LSP feature handlers share with the server core. */
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HieDossierSettings } from '../../../shared/src/settings';
import type { DossierService } from '../languageservice/service';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** The language service (created at initialize). */
  service(): DossierService;
  settings(): HieDossierSettings;
  uriToPath(uri: string): string;
  pathToUri(path: string): string;
  /** What the editor said it supports at initialize (snippet edits, resolve, link support). */
  clientCapabilities(): ClientCapabilities | undefined;
  /** Brings the service's copy of an open document up to date before a request reads it. */
  sync(uri: string): string | undefined;
}

/** One feature's LSP wiring: registers handlers and says which capabilities it adds. */
export type FeatureRegistrar = (context: ServerContext) => ServerCapabilities;
