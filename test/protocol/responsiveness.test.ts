/**
 * The server answers requests while it checks: a 20,000-line dossier that the workspace scan
 * (or an open document) must parse from scratch is parsed in slices with yields in between, so
 * hovers on another document are answered during the scan; and a newer version of a document
 * makes the run for an older one stop, so only the latest text is published.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDossier, writeFiles } from '../bench/generateDossier';
import { BenchClient } from '../bench/benchClient';
import { builtinCatalogue } from '../support/testService';

/** A request's answer time; all requests are hovers on a small open dossier. */
async function hoverTime(client: BenchClient, uri: string): Promise<number> {
  const sent = performance.now();
  await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
  return performance.now() - sent;
}

describe('responsiveness while checking', function () {
  this.timeout(120000);
  let workspace: string;
  let largeText: string;
  let smallText: string;

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-responsive-'));
    fs.mkdirSync(path.join(workspace, '.git'));
    const large = generateDossier(builtinCatalogue(), 20000, 1);
    const small = generateDossier(builtinCatalogue(), 200, 2);
    writeFiles(path.join(workspace, 'large'), large.files);
    writeFiles(path.join(workspace, 'small'), small.files);
    largeText = large.files['index.md']!;
    smallText = small.files['index.md']!;
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('answers hovers during the workspace scan of a 20,000-line dossier', async () => {
    const client = await BenchClient.start(workspace, { checkWorkspaceOnStart: true, debounceMs: 0 });
    try {
      const small = pathToFileURL(path.join(workspace, 'small', 'index.md')).href;
      const large = pathToFileURL(path.join(workspace, 'large', 'index.md')).href;
      const opened = client.nextPublication(small);
      await client.open(small, smallText);
      await opened;
      let scanning = true;
      const scanStart = performance.now();
      const scan = client.scanEnded().then(() => (scanning = false));
      const during: number[] = [];
      while (scanning) {
        const took = await hoverTime(client, small);
        if (scanning) during.push(took);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await scan;
      const scanTime = performance.now() - scanStart;
      assert.ok(client.published.has(large), 'the scan checked the large dossier');
      // Parsed in one piece, the large dossier would hold every request for the whole scan.
      assert.ok(during.length >= 5, `only ${during.length} hovers answered during a ${scanTime.toFixed(0)} ms scan`);
      const slowest = Math.max(...during);
      assert.ok(slowest < Math.max(500, scanTime / 4), `a hover took ${slowest.toFixed(0)} ms during a ${scanTime.toFixed(0)} ms scan`);
    } finally {
      await client.shutdown();
    }
  });

  it('publishes only the newest version when edits arrive while an older one is being checked', async () => {
    const client = await BenchClient.start(workspace, { checkWorkspaceOnStart: false, debounceMs: 0 });
    try {
      const uri = pathToFileURL(path.join(workspace, 'large', 'index.md')).href;
      let publications = 0;
      let last: unknown[] = [];
      client.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: unknown[] }) => {
        if (params.uri !== uri) return;
        publications++;
        last = params.diagnostics;
      });
      await client.open(uri, largeText);
      // While the opened text is parsed (seconds), four edits: the last cites a superseded standard.
      const end = largeText.split('\n').length - 1;
      for (let version = 2; version <= 5; version++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const text = version === 5 ? 'See ISO 14971:2007.' : `edit ${version}`;
        await client.change(uri, version, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, `${text}\n`);
      }
      const deadline = Date.now() + 60000;
      while (publications === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      // Give any stale run the time to (wrongly) publish as well.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(publications, 1, 'one publication, for the newest version');
      assert.ok(JSON.stringify(last).includes('standard-superseded'), 'it is the newest text that was checked');
    } finally {
      await client.shutdown();
    }
  });
});
