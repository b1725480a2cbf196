/**
 * The benchmark's LSP client: like test/support/lspClient.ts, plus what a measurement needs:
 * extra node options for the server (a CPU profile), its process id (for its peak memory), the
 * end of the workspace scan (the `$/progress` end), and a count of publications.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_BIN } from '../support/lspClient';

export class BenchClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** Every URI that has received diagnostics, with the last ones. */
  readonly published = new Map<string, PublishDiagnosticsParams>();
  private readonly publishWaiters = new Map<string, (params: PublishDiagnosticsParams) => void>();
  private progressEnded = false;
  private progressWaiter: (() => void) | undefined;
  stderr = '';

  private constructor(settings: Record<string, unknown>, nodeOptions: string[]) {
    this.process = spawn(process.execPath, [...nodeOptions, SERVER_BIN, '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
      const waiter = this.publishWaiters.get(params.uri);
      if (waiter) {
        this.publishWaiters.delete(params.uri);
        waiter(params);
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => (item.section === 'hieDossier' ? settings : null)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (params: { value?: { kind?: string } }) => {
      if (params.value?.kind !== 'end') return;
      this.progressEnded = true;
      this.progressWaiter?.();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  static async start(workspace: string, settings: Record<string, unknown>, nodeOptions: string[] = []): Promise<BenchClient> {
    const client = new BenchClient(settings, nodeOptions);
    const folder = { uri: pathToFileURL(workspace).href, name: path.basename(workspace) };
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder.uri,
      workspaceFolders: [folder],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: {} } },
      initializationOptions: { settings },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** The next publication for `uri` (register before sending what causes it). */
  nextPublication(uri: string, timeoutMs = 120000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      this.publishWaiters.set(uri, (params) => {
        clearTimeout(timer);
        resolve(params);
      });
    });
  }

  /** Resolves when the server reports the end of its workspace scan. */
  scanEnded(timeoutMs = 600000): Promise<void> {
    if (this.progressEnded) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the workspace scan did not end within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      this.progressWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  open(uri: string, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  change(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}
