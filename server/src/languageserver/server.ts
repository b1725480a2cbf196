/**
 * The thin LSP layer: it keeps the editor's documents, schedules checks and publishes what the
 * language service finds. All dossier logic lives in ../languageservice.
 */
import * as path from 'node:path';
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DEFAULT_SETTINGS, normaliseSettings, SETTINGS_SECTION, type HieDossierSettings } from '../../../shared/src/settings';
import { VERSION } from '../../../shared/src/version';
import { CONFIG_FILE_NAME } from '../languageservice/config/projectConfig';
import { dossierDependencies } from '../languageservice/model/dependencies';
import type { DossierDiagnostic, DossierService } from '../languageservice/service';
import { isInside } from '../languageservice/workspace/paths';
import { createNodeService } from '../node/createService';
import { findMarkdownFiles } from '../node/nodeFileSystem';
import { DiagnosticsStore } from './diagnosticsStore';
import { registerFeatures } from './features';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;
export const DIAGNOSTIC_SOURCE = 'hie-dossier';

function toLspDiagnostic(d: DossierDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.rule,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    data: { rule: d.rule, ...(d.target !== undefined ? { target: d.target } : {}) },
  };
}

export function uriToPath(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : `/${parsed.scheme}${parsed.path.startsWith('/') ? '' : '/'}${parsed.path}`;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const store = new DiagnosticsStore();
  const dependencies = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const pathToUri = new Map<string, string>();
  let workspaceRoots: string[] = [];
  let settings: HieDossierSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  let canRegisterWatchers = false;
  let clientCapabilities: InitializeParams['capabilities'] | undefined;
  let service: DossierService;

  const rootOf = (file: string): string => workspaceRoots.find((root) => isInside(root, file)) ?? path.dirname(file);
  const uriOf = (file: string): string => pathToUri.get(file) ?? URI.file(file).toString();

  const publish = (files: Iterable<string>): void => {
    for (const file of files) {
      void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: store.get(file).map(toLspDiagnostic) });
    }
  };

  /** Checks the dossier whose index is `file` (or clears it when it is no longer one). */
  const checkIndex = (file: string): void => {
    if (!settings.enable) {
      publish(store.remove(file));
      dependencies.delete(file);
      return;
    }
    let changed: Set<string>;
    try {
      const result = service.check(file, { ruleOverrides: settings.rules, maxFileSizeKb: settings.maxFileSizeKb });
      changed = store.replace(file, result.diagnostics);
      if (result.dossier) dependencies.set(file, dossierDependencies(result.dossier));
      else dependencies.delete(file);
    } catch (error) {
      // A bad document must never stop the server: report the failure on that document only.
      connection.console.error(`hie-dossier: checking ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      changed = store.replace(file, new Map([[file, []]]));
    }
    publish(changed);
  };

  /** A file changed: check it, and every dossier that depends on it. */
  const checkAffected = (file: string): void => {
    checkIndex(file);
    for (const [index, deps] of dependencies) if (index !== file && deps.has(file)) checkIndex(index);
  };

  const schedule = (document: TextDocument): void => {
    const file = uriToPath(document.uri);
    pathToUri.set(file, document.uri);
    clearTimeout(timers.get(file));
    const version = document.version;
    timers.set(
      file,
      setTimeout(() => {
        timers.delete(file);
        const current = documents.get(document.uri);
        // A newer edit has been scheduled already, or the document was closed: drop this run.
        if (!current || current.version !== version) return;
        service.setOverlay(file, current.getText());
        checkAffected(file);
      }, settings.debounceMs),
    );
  };

  const refreshSettings = async (): Promise<void> => {
    if (!canPullConfiguration) return;
    try {
      const [raw] = (await connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }])) as unknown[];
      settings = normaliseSettings(raw);
    } catch {
      settings = DEFAULT_SETTINGS;
    }
  };

  const recheckEverything = (): void => {
    const open = documents.all().map((d) => uriToPath(d.uri));
    for (const index of new Set([...store.owners(), ...open])) checkIndex(index);
  };

  /** Checks the dossiers on disk that are not open, yielding between files so requests are served. */
  const scanWorkspace = async (): Promise<void> => {
    if (!settings.checkWorkspaceOnStart || !settings.enable || workspaceRoots.length === 0) return;
    const files = workspaceRoots.flatMap((root) => findMarkdownFiles(root));
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('HIE Dossier', 0, `Checking ${files.length} Markdown files`, false);
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      if (!service.isOpen(file)) {
        const text = service.textOf(file);
        if (text !== undefined && service.isIndexText(file, text)) checkIndex(file);
      }
      if (i % 10 === 9) {
        progress?.report(Math.round(((i + 1) / files.length) * 100), `${i + 1} of ${files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    progress?.done();
  };

  const sync = (uri: string): string | undefined => {
    const document = documents.get(uri);
    const file = uriToPath(uri);
    if (document) {
      pathToUri.set(file, uri);
      service.setOverlay(file, document.getText());
    }
    return file;
  };
  const featureCapabilities = registerFeatures({
    connection,
    documents,
    service: () => service,
    settings: () => settings,
    uriToPath,
    pathToUri: uriOf,
    sync,
    clientCapabilities: () => clientCapabilities,
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspaceRoots = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri));
    if (workspaceRoots.length === 0 && params.rootUri) workspaceRoots = [uriToPath(params.rootUri)];
    clientCapabilities = params.capabilities;
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    canRegisterWatchers = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    settings = normaliseSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    service = createNodeService(rootOf);
    return {
      capabilities: { ...featureCapabilities, textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false } },
      serverInfo: { name: 'hie-dossier-ls', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (canRegisterWatchers) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    await refreshSettings();
    recheckEverything();
    await scanWorkspace();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfiguration) await refreshSettings();
    else settings = normaliseSettings((change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]);
    recheckEverything();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    // The configuration, a team catalogue extension or a snippet library can change every dossier's result.
    const configChanged = changes.some((c) => c.uri.endsWith(CONFIG_FILE_NAME) || /\.(ya?ml|json|code-snippets)$/i.test(c.uri));
    for (const change of changes) {
      const file = uriToPath(change.uri);
      service.forget(file);
      if (configChanged || service.isOpen(file)) continue;
      if (change.type === FileChangeType.Deleted) {
        publish(store.remove(file));
        dependencies.delete(file);
        for (const [index, deps] of dependencies) if (deps.has(file)) checkIndex(index);
      } else checkAffected(file);
    }
    if (configChanged) recheckEverything();
  });

  documents.onDidOpen(({ document }) => schedule(document));
  documents.onDidChangeContent(({ document }) => schedule(document));
  documents.onDidClose(({ document }) => {
    const file = uriToPath(document.uri);
    clearTimeout(timers.get(file));
    timers.delete(file);
    service.removeOverlay(file);
    service.forget(file);
    // The contract: diagnostics of a closed document are cleared. Dossiers that use it
    // as a part or an evidence file are checked again against the file on disk.
    publish(store.remove(file));
    dependencies.delete(file);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    for (const [index, deps] of dependencies) if (deps.has(file)) checkIndex(index);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
