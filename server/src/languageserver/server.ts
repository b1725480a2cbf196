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
import { parseMarkdownInSlices, PARSE_CHUNK_CHARS } from '../languageservice/parse/parseMarkdown';
import { isInside } from '../languageservice/workspace/paths';
import { createNodeService } from '../node/createService';
import { findMarkdownFiles, nodeFileSystem } from '../node/nodeFileSystem';
import { applyWorkspaceTrust, isWorkspaceTrusted } from './workspaceTrust';
import { DiagnosticsStore } from './diagnosticsStore';
import { registerFeatures } from './features';

/** Work done between two yields to the event loop, so a request waits at most about this long. */
const SLICE_MS = 15;
/** Files parsed before they are checked, in slices, when the service has never parsed them. */
const SLICED_PARSE_CHARS = PARSE_CHUNK_CHARS * 1.5;
const MAY_BE_INDEX = /^\uFEFF?---/;

/** Lets pending messages (completion, hover, a newer edit…) be handled before the next piece of work. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  let workspaceTrusted = true;
  /** Settings as the editor sent them, less what an untrusted workspace may not use (see workspaceTrust.ts). */
  const acceptSettings = (raw: unknown): HieDossierSettings => {
    const { settings: accepted, ignored } = applyWorkspaceTrust(normaliseSettings(raw), workspaceTrusted, workspaceRoots, nodeFileSystem);
    for (const setting of ignored) connection.console.warn(`hie-dossier: ignored in an untrusted workspace (points outside it): ${setting}`);
    return accepted;
  };
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

  /**
   * A file changed: check it, then every dossier that depends on it, yielding in between. A run
   * stops when `stale()` says a newer one is on its way (the document changed again).
   */
  const checkAffected = async (file: string, stale: () => boolean = () => false): Promise<void> => {
    checkIndex(file);
    const dependents = [...dependencies].filter(([index, deps]) => index !== file && deps.has(file)).map(([index]) => index);
    for (const index of dependents) {
      await yieldToEventLoop();
      if (stale()) return;
      checkIndex(index);
    }
  };

  /** Sliced parses in progress: a second run for the same file waits for the first. */
  const slicedParses = new Map<string, Promise<void>>();
  /**
   * A large file the service has never parsed (a 20,000-line dossier takes seconds) is parsed in
   * chunks with a yield after each, then handed to the service, so requests are answered in the
   * meantime; after that an edit re-parses only what it touched. A sliced parse is never
   * abandoned: even if the text has changed since, it is the base the next run re-parses from.
   */
  const parseInSlices = (file: string, text: string): Promise<void> => {
    // Over the size limit the check does not parse it at all (file-too-large), so neither does this.
    if (text.length <= SLICED_PARSE_CHARS || text.length > settings.maxFileSizeKb * 1024 || service.hasParse(file)) return slicedParses.get(file) ?? Promise.resolve();
    let running = slicedParses.get(file);
    if (!running) {
      running = (async () => {
        try {
          const slices = parseMarkdownInSlices(text);
          let step = slices.next();
          while (!step.done) {
            await yieldToEventLoop();
            step = slices.next();
          }
          service.adoptParse(file, step.value);
        } catch {
          // The check parses it again and reports why it cannot (see DossierService.fileModel).
        } finally {
          slicedParses.delete(file);
        }
      })();
      slicedParses.set(file, running);
    }
    return running;
  };

  /** Checks an open document at `version`; gives up as soon as a newer version exists. */
  const runCheck = async (uri: string, file: string, version: number): Promise<void> => {
    const stale = (): boolean => documents.get(uri)?.version !== version;
    if (stale()) return;
    await parseInSlices(file, documents.get(uri)!.getText());
    if (stale()) return;
    service.setOverlay(file, documents.get(uri)!.getText());
    await checkAffected(file, stale);
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
        // A newer edit has been scheduled already, or the document was closed: the run stops.
        void runCheck(document.uri, file, version);
      }, settings.debounceMs),
    );
  };

  const refreshSettings = async (): Promise<void> => {
    if (!canPullConfiguration) return;
    try {
      const [raw] = (await connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }])) as unknown[];
      settings = acceptSettings(raw);
    } catch {
      settings = DEFAULT_SETTINGS;
    }
  };

  /** Checks every known dossier again (settings or configuration changed), yielding every few milliseconds. */
  const recheckEverything = async (): Promise<void> => {
    // Open documents go through runCheck, which gives way to a newer version.
    const open = documents.all();
    for (const document of open) await runCheck(document.uri, uriToPath(document.uri), document.version);
    const openPaths = new Set(open.map((document) => uriToPath(document.uri)));
    let sliceStart = performance.now();
    for (const index of store.owners()) {
      if (openPaths.has(index)) continue;
      const text = service.textOf(index);
      if (text !== undefined) await parseInSlices(index, text);
      checkIndex(index);
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
  };

  /** Checks the dossiers on disk that are not open, yielding between files so requests are served. */
  const scanWorkspace = async (): Promise<void> => {
    if (!settings.checkWorkspaceOnStart || !settings.enable || workspaceRoots.length === 0) return;
    const files = workspaceRoots.flatMap((root) => findMarkdownFiles(root));
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('HIE Dossier', 0, `Checking ${files.length} Markdown files`, false);
    let sliceStart = performance.now();
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      if (!service.isOpen(file)) {
        const text = service.textOf(file);
        if (text !== undefined && MAY_BE_INDEX.test(text)) await parseInSlices(file, text);
        // The file may have been opened (and checked as an open document) while it was parsed.
        if (text !== undefined && !service.isOpen(file) && service.isIndexText(file, text)) checkIndex(file);
      }
      if (i % 10 === 9) progress?.report(Math.round(((i + 1) / files.length) * 100), `${i + 1} of ${files.length} files`);
      // At least every 10 files, and after any file that took more than a slice.
      if (i % 10 === 9 || performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
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
    workspaceTrusted = isWorkspaceTrusted(params.initializationOptions);
    settings = acceptSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
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
    await recheckEverything();
    await scanWorkspace();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfiguration) await refreshSettings();
    else settings = acceptSettings((change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]);
    void recheckEverything();
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
      } else void checkAffected(file);
    }
    if (configChanged) void recheckEverything();
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
