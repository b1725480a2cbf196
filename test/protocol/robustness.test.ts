/**
 * The server over stdio, given what a buggy, hurried or hostile client sends: malformed and
 * out-of-order requests, hostile documents, files that vanish or turn unreadable while open.
 * Each case ends with the server still answering (a hover, a new check), and the process exits
 * cleanly (0) at shutdown. Last, the client's restart policy against a server that is killed.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { createRestartPolicy, RESTARTED_MESSAGE } from '../../client/src/restartPolicy';
import { binaryText, deeplyNestedQuotes, hugeDossier, invalidUtf8Dossier, yamlAliasBomb } from '../fixtures/hostile/inputs';
import { buildDossier, defaultFrontmatter, EVIDENCE, lineOf } from '../support/dossierBuilder';
import { LspTestClient } from '../support/lspClient';

const codes = (diagnostics: Diagnostic[]): string[] => [...new Set(diagnostics.map((d) => String(d.code)))].sort();

/** The request's error, or undefined when it was answered. */
async function errorOf(promise: Promise<unknown>): Promise<ResponseError<unknown> | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `not a JSON-RPC error response: ${String(error)}`);
    return error;
  }
}

describe('LSP robustness (spawned server)', function () {
  this.timeout(120_000);
  let workspace: string;
  let client: LspTestClient;
  let uri: string;
  let text: string;
  let logs: string[];

  /** Proves the server is alive and working: a hover on the standard in the checklist gets an answer. */
  async function stillAnswers(): Promise<void> {
    assert.equal(client.process.exitCode, null, `the server exited; stderr: ${client.stderr}`);
    const line = lineOf(text, 'ISO 14971:2019');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: text.split('\n')[line]!.indexOf('ISO 14971') + 2 } });
    assert.ok(hover && JSON.stringify(hover.contents).includes('14971'), `no hover: ${JSON.stringify(hover)}`);
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-robust-'));
    fs.mkdirSync(path.join(workspace, 'evidence'));
    fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), EVIDENCE['/ws/evidence/report.md']);
    text = buildDossier();
    fs.writeFileSync(path.join(workspace, 'index.md'), text);
    uri = pathToFileURL(path.join(workspace, 'index.md')).href;
    ({ client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } }));
    logs = [];
    client.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => logs.push(`${params.type} ${params.message}`));
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, 'the server exits with 0 after all of it');
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  describe('malformed and out-of-order messages', () => {
    it('requests about a document never opened: empty answers, not errors', async () => {
      const never = pathToFileURL(path.join(workspace, 'never-opened.md')).href;
      const position = { line: 0, character: 0 };
      const textDocument = { uri: never };
      for (const [method, params] of [
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/documentLink', { textDocument }],
        ['textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } }],
      ] as const) {
        const error = await errorOf(client.request(method, params));
        assert.equal(error, undefined, `${method}: ${error?.message}`);
      }
      await stillAnswers();
    });

    it('positions past the end of the document, or negative: answered (clamped), never a crash', async () => {
      const textDocument = { uri };
      for (const position of [{ line: 100_000, character: 0 }, { line: 3, character: 100_000 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }, { line: -1, character: -5 }]) {
        for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
          const error = await errorOf(client.request(method, { textDocument, position }));
          // An error response is allowed for positions the protocol forbids (negative); a crash is not.
          if (error) assert.ok(position.line < 0, `${method} at ${JSON.stringify(position)}: ${error.message}`);
        }
        await errorOf(client.request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [{ range: { start: position, end: position }, message: 'x', source: 'hie-dossier', code: 'er-missing', data: { rule: 'er-missing', target: '7.1' } }] } }));
      }
      await stillAnswers();
    });

    it('malformed parameters get a result or an error response; unknown methods get MethodNotFound; unknown notifications are ignored', async () => {
      for (const params of [null, {}, { textDocument: 42 }, { textDocument: { uri: 'not a uri' }, position: 'here' }]) {
        await errorOf(client.request('textDocument/hover', params));
        await errorOf(client.request('textDocument/codeAction', params));
        await errorOf(client.request('codeAction/resolve', params));
      }
      const unknown = await errorOf(client.request('hieDossier/noSuchMethod', { x: 1 }));
      assert.equal(unknown?.code, -32601);
      assert.equal((await errorOf(client.request('$/noSuchMethod', {})))?.code, -32601);
      await client.connection.sendNotification('hieDossier/noSuchNotification', { x: 1 });
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 42 } });
      await client.connection.sendNotification('textDocument/didOpen', null);
      await stillAnswers();
    });

    it('a body that is not JSON, and JSON that is not a message: the server reads on', async () => {
      const junk = '{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {oops';
      client.process.stdin.write(`Content-Length: ${Buffer.byteLength(junk)}\r\n\r\n${junk}`);
      const notAMessage = '[1, 2, 3]';
      client.process.stdin.write(`Content-Length: ${Buffer.byteLength(notAMessage)}\r\n\r\n${notAMessage}`);
      await stillAnswers();
    });

    it('out-of-order document sync: change before open, stale versions, ranges past the end, double open, close of a closed file', async () => {
      const other = pathToFileURL(path.join(workspace, 'other.md')).href;
      await client.change(other, 3, [{ text: 'changed before it was opened' }]);
      await client.close(other);
      await client.open(other, buildDossier({ sections: { consent: undefined } }), 5);
      await client.waitForDiagnostics(other, (d) => d.some((x) => x.code === 'section-missing'));
      // A stale version (3 < 5) and an edit whose range is past the end: applied as clamped, no crash.
      await client.change(other, 3, [{ range: { start: { line: 9999, character: 0 }, end: { line: 9999, character: 5 } }, text: '\n## Informed patient consent\n' }]);
      await client.change(other, 6, [{ range: { start: { line: 0, character: 50 }, end: { line: 0, character: 10 } }, text: '' }]);
      // Opening it again replaces the text; its diagnostics follow the new text.
      await client.open(other, buildDossier(), 7);
      await client.waitForDiagnostics(other, (d) => d.length === 0);
      await client.close(other);
      await client.close(other);
      await client.waitForDiagnostics(other, (d) => d.length === 0);
      await stillAnswers();
    });

    it('a second initialize, and requests cancelled at once: the server answers what it can and carries on', async () => {
      await errorOf(client.request('initialize', { processId: null, rootUri: null, capabilities: {} }));
      const line = lineOf(text, 'ISO 14971:2019');
      for (let i = 0; i < 20; i++) {
        const cancellation = new CancellationTokenSource();
        const pending = client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 4 } }, cancellation.token);
        cancellation.cancel();
        await errorOf(pending);
      }
      await stillAnswers();
      // What went wrong was logged (window/logMessage), each time about a malformed message we sent.
      assert.ok(logs.every((line) => !/Maximum call stack|out of memory/i.test(line)), logs.join('\n'));
    });
  });

  describe('hostile documents over the protocol', () => {
    const open = async (name: string, content: string): Promise<Diagnostic[]> => {
      const docUri = pathToFileURL(path.join(workspace, name)).href;
      await client.open(docUri, content);
      const published = await client.waitForDiagnostics(docUri, () => true, 60_000);
      return published.diagnostics;
    };

    it('a 20 MB dossier: file-too-large within seconds, the server answering meanwhile', async () => {
      const started = performance.now();
      const diagnostics = await open('huge.md', hugeDossier(20));
      const seconds = (performance.now() - started) / 1000;
      console.log(`      20 MB dossier over the protocol: file-too-large after ${seconds.toFixed(1)} s`);
      assert.deepEqual(codes(diagnostics), ['file-too-large']);
      assert.ok(seconds < 5, `took ${seconds} s`);
      await stillAnswers();
    });

    it('binary content, an alias bomb, 10,000 nested block quotes, an empty file: each its diagnostic, then still answering', async () => {
      assert.ok(codes(await open('binary.md', `---\n${defaultFrontmatter()}---\n${binaryText()}`)).includes('er-checklist-missing'));
      assert.ok(codes(await open('bomb.md', yamlAliasBomb())).includes('frontmatter-invalid'));
      assert.deepEqual(codes(await open('nested.md', deeplyNestedQuotes(10_000))), ['file-unreadable']);
      assert.deepEqual(await open('empty.md', ''), []);
      await stillAnswers();
    });
  });

  describe('files deleted or made unreadable while open', () => {
    let index: string;
    let part: string;
    let indexUri: string;
    let indexText: string;

    before(async () => {
      const folder = path.join(workspace, 'parted');
      fs.mkdirSync(path.join(folder, 'evidence'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'evidence', 'report.md'), EVIDENCE['/ws/evidence/report.md']);
      index = path.join(folder, 'index.md');
      part = path.join(folder, 'part.md');
      fs.writeFileSync(part, '# Notes\n\nMore about the device.\n');
      indexText = buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [part.md]\n') });
      fs.writeFileSync(index, indexText);
      indexUri = pathToFileURL(index).href;
      await client.open(indexUri, indexText);
      await client.waitForDiagnostics(indexUri, (d) => d.length === 0);
    });

    const watched = (file: string, type: 1 | 2 | 3): Promise<void> => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type }] });
    const partMessage = (d: Diagnostic[]): string | undefined => d.find((x) => x.code === 'part-missing')?.message;

    it('a part deleted, then made invalid UTF-8, then a folder, then restored: each time the index says so', async () => {
      fs.rmSync(part);
      await watched(part, 3);
      let published = await client.waitForDiagnostics(indexUri, (d) => partMessage(d) !== undefined);
      assert.match(partMessage(published.diagnostics)!, /`part\.md` does not exist/);

      fs.writeFileSync(part, invalidUtf8Dossier());
      await watched(part, 1);
      published = await client.waitForDiagnostics(indexUri, (d) => /cannot be read/.test(partMessage(d) ?? ''));

      fs.rmSync(part);
      fs.mkdirSync(part);
      await watched(part, 2);
      published = await client.waitForDiagnostics(indexUri, (d) => /is a folder/.test(partMessage(d) ?? ''));

      fs.rmSync(part, { recursive: true });
      fs.writeFileSync(part, '# Notes\n');
      await watched(part, 1);
      await client.waitForDiagnostics(indexUri, (d) => d.length === 0);
      await stillAnswers();
    });

    it('the open index deleted on disk: still checked from the editor text; closed, its diagnostics are cleared', async () => {
      const withProblem = indexText.replace('ISO 14971:2019', 'ISO 14971:2007');
      await client.change(indexUri, 2, [{ text: withProblem }]);
      await client.waitForDiagnostics(indexUri, (d) => codes(d).includes('standard-superseded'));
      fs.rmSync(index);
      await watched(index, 3);
      await client.change(indexUri, 3, [{ text: withProblem.replace('Yellow Card', 'yellow card') + '\n' }]);
      const published = await client.waitForDiagnostics(indexUri, (d) => codes(d).includes('standard-superseded'));
      assert.ok(published.diagnostics.length > 0);
      await client.close(indexUri);
      await client.waitForDiagnostics(indexUri, (d) => d.length === 0);
      await stillAnswers();
    });

    it('a dossier on disk (not open) that becomes invalid UTF-8: file-unreadable saying so; deleted: cleared', async () => {
      const closed = path.join(workspace, 'parted', 'closed.md');
      const closedUri = pathToFileURL(closed).href;
      fs.writeFileSync(closed, buildDossier({ sections: { consent: undefined } }));
      await watched(closed, 1);
      await client.waitForDiagnostics(closedUri, (d) => codes(d).includes('section-missing'));
      fs.writeFileSync(closed, invalidUtf8Dossier());
      await watched(closed, 2);
      const published = await client.waitForDiagnostics(closedUri, (d) => codes(d).includes('file-unreadable'));
      assert.deepEqual(codes(published.diagnostics), ['file-unreadable']);
      assert.match(published.diagnostics[0]!.message, /not valid UTF-8/);
      fs.rmSync(closed);
      await watched(closed, 3);
      await client.waitForDiagnostics(closedUri, (d) => d.length === 0);
      await stillAnswers();
    });
  });
});

describe('a 20 MB dossier on disk at the start-up scan', function () {
  this.timeout(120_000);

  it('is reported as too large within seconds, without being parsed, and the rest of the workspace is checked', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-huge-'));
    fs.writeFileSync(path.join(workspace, 'huge.md'), hugeDossier(20));
    fs.writeFileSync(path.join(workspace, 'small.md'), buildDossier({ sections: { consent: undefined } }));
    const started = performance.now();
    const { client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: true } });
    try {
      const huge = await client.waitForDiagnostics(pathToFileURL(path.join(workspace, 'huge.md')).href, (d) => d.length > 0, 30_000);
      const seconds = (performance.now() - started) / 1000;
      console.log(`      20 MB dossier at the scan: file-too-large after ${seconds.toFixed(1)} s`);
      assert.deepEqual(codes(huge.diagnostics), ['file-too-large']);
      assert.ok(seconds < 5, `took ${seconds} s`);
      await client.waitForDiagnostics(pathToFileURL(path.join(workspace, 'small.md')).href, (d) => codes(d).includes('section-missing'));
    } finally {
      assert.equal(await client.shutdown(), 0);
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('client restart policy against a server that dies', function () {
  this.timeout(120_000);

  it('restarts after a crash, tells the user once, re-sends the open documents with their unsaved edits', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-restart-'));
    try {
      fs.mkdirSync(path.join(workspace, 'evidence'));
      fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), EVIDENCE['/ws/evidence/report.md']);
      const file = path.join(workspace, 'index.md');
      fs.writeFileSync(file, buildDossier());
      const uri = pathToFileURL(file).href;
      // The editor's buffer: an unsaved edit that cites a superseded standard.
      const unsaved = buildDossier().replace('ISO 14971:2019', 'ISO 14971:2007');
      const told: string[] = [];
      const policy = createRestartPolicy((message) => told.push(message));

      let server = (await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } })).client;
      for (let crash = 0; crash < 2; crash++) {
        await server.open(uri, unsaved, 7);
        await server.waitForDiagnostics(uri, (d) => codes(d).includes('standard-superseded'));
        const exited = new Promise((resolve) => server.process.once('exit', resolve));
        server.process.kill('SIGKILL');
        await exited;
        server.connection.dispose();
        const decision = policy.serverClosed();
        assert.equal(decision.restart, true);
        // What vscode-languageclient does on Restart: start the server, then open every document again with the editor's text.
        server = (await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } })).client;
      }
      await server.open(uri, unsaved, 7);
      const published = await server.waitForDiagnostics(uri, (d) => codes(d).includes('standard-superseded'));
      assert.ok(published.diagnostics.length > 0, 'the unsaved edit, not the file on disk, is checked');
      assert.deepEqual(told, [RESTARTED_MESSAGE], 'told once, not at every crash');
      assert.equal(await server.shutdown(), 0);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('gives up after too many crashes in a short time, saying how to start it again', () => {
    const told: string[] = [];
    const policy = createRestartPolicy((message) => told.push(message), 4, 180_000);
    const decisions = [0, 10, 20, 30, 40].map((second) => policy.serverClosed(second * 1000));
    assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, true, false]);
    assert.match(decisions[4]!.message!, /stopped 5 times in 3 minutes and was not restarted\. Run "HIE Dossier: Restart Language Server"/);
    // Crashes spread over a long session keep being restarted.
    const patient = createRestartPolicy(() => undefined, 4, 180_000);
    assert.ok([0, 200, 400, 600, 800, 1000].every((second) => patient.serverClosed(second * 1000).restart));
    assert.equal(told.length, 1);
  });
});
