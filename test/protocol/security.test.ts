/**
 * Security and privacy, proved on the built server and CLI running in their own processes:
 *
 * - no network at all: a preload makes every network (and child process) entry point of Node
 *   throw and report, and the CLI and the server check the examples and a dossier full of
 *   external links without a single attempt;
 * - nothing read outside the workspace: a second preload records every file opened or listed,
 *   while the workspace points out of itself in every way it can (parts, evidence links,
 *   symbolic links, `.hie-dossier.yaml`);
 * - nothing written: the workspace's files and folders are unchanged afterwards (sizes and
 *   modification times), and the recorder saw no write;
 * - an untrusted workspace: template folders outside the workspace named in the settings are
 *   ignored (the quick fix uses the built-in template), and used again once trusted.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { buildDossier, defaultFrontmatter, defaultRows, EVIDENCE } from '../support/dossierBuilder';
import { LspTestClient, REPO_ROOT } from '../support/lspClient';

const PRELOAD = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile', 'preload');
const NO_NETWORK = path.join(PRELOAD, 'no-network.cjs');
const RECORD_FS = path.join(PRELOAD, 'record-fs.cjs');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');
const SECRET = 'SECRET-OUTSIDE-THE-WORKSPACE';
const OUTSIDE_TEMPLATE = 'OUTSIDE-TEMPLATE-TEXT';

/** Every entry under a folder (symbolic links not followed) with its kind, size and modification time. */
function snapshot(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const name of fs.readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      const stat = fs.lstatSync(full);
      const kind = stat.isSymbolicLink() ? `link→${fs.readlinkSync(full)}` : stat.isDirectory() ? 'dir' : 'file';
      entries.set(path.relative(root, full), `${kind} ${stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory() && !stat.isSymbolicLink()) walk(full);
    }
  };
  entries.set('.', `dir ${fs.statSync(root).mtimeMs}`);
  walk(root);
  return entries;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).map((name) => `${name}: ${before.get(name) ?? 'absent'} → ${after.get(name) ?? 'absent'}`);
}

interface Recorded {
  networkAttempts: string[];
  reads: string[];
  writes: string[];
}

function recorded(stderr: string): Recorded {
  const lines = stderr.split('\n');
  const after = (prefix: string): string[] => lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  return { networkAttempts: after('HIE-NETWORK-ATTEMPT '), reads: after('HIE-FS read '), writes: after('HIE-FS write ') };
}

/** Reads that are neither in the workspace nor the extension's own files (its bundle, catalogue and templates). */
function readsOutside(reads: string[], workspace: string): string[] {
  const allowed = [fs.realpathSync(workspace), path.join(REPO_ROOT, 'dist'), path.join(REPO_ROOT, 'shared')];
  return reads.filter((file) => {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      // a path that does not exist: judged as written
    }
    return !allowed.some((root) => real === root || real.startsWith(root + path.sep));
  });
}

function runCli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--require', NO_NETWORK, '--require', RECORD_FS, CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the built server with the preloads in force (NODE_OPTIONS is read by the spawned process only). */
async function startGuardedServer(options: Parameters<typeof LspTestClient.start>[0]): Promise<LspTestClient> {
  const previous = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `--require ${NO_NETWORK} --require ${RECORD_FS}`;
  try {
    return (await LspTestClient.start(options)).client;
  } finally {
    if (previous === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = previous;
  }
}

function copyFolder(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describe('security and privacy (CLI and server processes)', function () {
  this.timeout(120_000);
  let root: string;
  let workspace: string;
  let outside: string;
  let externalIndex: string;
  let untouched: Map<string, string>;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hie-security-')));
    workspace = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(outside, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.md'), `# ${SECRET}\n`);
    fs.writeFileSync(path.join(outside, 'other.md'), `# ${SECRET}\n`);
    fs.writeFileSync(path.join(outside, 'catalogue.yaml'), `# ${SECRET}\nsections: []\n`);
    fs.writeFileSync(path.join(outside, 'templates', 'consent.md'), `## Informed patient consent\n\n${OUTSIDE_TEMPLATE}\n`);

    fs.mkdirSync(workspace);
    fs.mkdirSync(path.join(workspace, '.git'));
    copyFolder(path.join(REPO_ROOT, 'examples'), path.join(workspace, 'examples'));
    // A dossier that points outside the workspace in every way, and links to the network.
    const external = path.join(workspace, 'external');
    fs.mkdirSync(path.join(external, 'evidence'), { recursive: true });
    fs.writeFileSync(path.join(external, 'evidence', 'report.md'), EVIDENCE['/ws/evidence/report.md']);
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(external, 'leak.md'));
    fs.symlinkSync(outside, path.join(external, 'linked'));
    const rows = defaultRows();
    rows[0] = { ...rows[0]!, evidence: '[web](https://example.org/evidence?id=1) <https://example.org/x> [cdn](//cdn.example.org/a.md) [ftp](ftp://example.org/f)' };
    rows[1] = { ...rows[1]!, evidence: `[up](../../outside/secret.md) [abs](${path.join(outside, 'other.md')}) [leak](leak.md) [dir](linked/secret.md#x)` };
    const parts = `parts: [../../outside/secret.md, ${JSON.stringify(path.join(outside, 'other.md'))}, leak.md, linked/secret.md]\n`;
    externalIndex = path.join(external, 'index.md');
    fs.writeFileSync(
      externalIndex,
      buildDossier({ frontmatter: defaultFrontmatter('[software]', parts), rows, sections: { consent: undefined }, append: '\nSee www.example.org, https://example.org/page and <mailto:qa@example.org>; ![logo](https://example.org/logo.png).\n' }),
    );
    fs.writeFileSync(path.join(workspace, '.hie-dossier.yaml'), 'catalogue: ../outside/catalogue.yaml\ntemplates: [../outside/templates, examples/../../outside/templates]\n');
    untouched = snapshot(workspace);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the preloads are in force: they see a network attempt and a write in a process that makes them', () => {
    const probe = spawnSync(process.execPath, ['--require', NO_NETWORK, '--require', RECORD_FS, '-e', `try { fetch('https://example.org'); } catch {} try { require('node:dns').lookup('example.org', () => {}); } catch {} require('node:fs').writeFileSync(${JSON.stringify(path.join(root, 'probe.txt'))}, 'x');`], { encoding: 'utf8' });
    const seen = recorded(probe.stderr);
    assert.deepEqual(seen.networkAttempts, ['globalThis.fetch', 'dns.lookup']);
    assert.deepEqual(seen.writes, [path.join(root, 'probe.txt')]);
  });

  it('the snapshot sees a changed file', () => {
    const copy = path.join(root, 'copy');
    copyFolder(workspace, copy);
    const first = snapshot(copy);
    fs.appendFileSync(path.join(copy, 'examples', 'README.md'), '\n');
    const seen = changes(first, snapshot(copy));
    assert.equal(seen.length, 1, seen.join('\n'));
    assert.match(seen[0]!, /^examples\/README\.md: file /);
  });

  it('the CLI (check, report, register, declaration, all to stdout) makes no network attempt, reads only the workspace, writes nothing', () => {
    const runs = [
      runCli(['check', '--format', 'json', '.'], workspace),
      runCli(['report', 'external', 'examples'], workspace),
      runCli(['register', '.'], workspace),
      runCli(['declaration', '--draft', 'examples/gentamicin-calculator'], workspace),
    ];
    const check = runs[0]!;
    assert.equal(check.status, 1, check.stderr.split('\n').filter((line) => !line.startsWith('HIE-')).join('\n'));
    const findings = JSON.parse(check.stdout) as { file: string; rule: string; message: string }[];
    const onExternal = findings.filter((f) => f.file === 'external/index.md');
    assert.equal(onExternal.filter((f) => f.rule === 'part-missing' && /outside the workspace/.test(f.message)).length, 4, JSON.stringify(onExternal, null, 1));
    // Up, through a symbolic link to a file and through one to a folder: refused. An absolute
    // path in a link is taken from the workspace root (as on a Git host), so it is simply missing.
    assert.deepEqual(onExternal.filter((f) => f.rule === 'evidence-link-broken').map((f) => f.message.replace(/ `.*` /, ' `…` ')), [
      'Link target `…` leaves the workspace: keep evidence inside the dossier\'s repository.',
      'Link target `…` does not exist: correct the path or add the evidence file.',
      'Link target `…` leaves the workspace: keep evidence inside the dossier\'s repository.',
      'Link target `…` leaves the workspace: keep evidence inside the dossier\'s repository.',
    ]);
    assert.equal(findings.filter((f) => f.rule === 'config-invalid' && /outside the workspace/.test(f.message)).length, 3);
    assert.ok(!check.stdout.includes(SECRET), 'nothing from outside the workspace appears in the output');
    for (const [i, run] of runs.entries()) {
      const seen = recorded(run.stderr);
      assert.deepEqual(seen.networkAttempts, [], `run ${i}`);
      assert.deepEqual(readsOutside(seen.reads, workspace), [], `run ${i} read outside the workspace`);
      assert.deepEqual(seen.writes, [], `run ${i} wrote`);
      assert.ok(seen.reads.some((file) => file.startsWith(workspace)), `run ${i} recorded its reads`);
    }
    assert.deepEqual(changes(untouched, snapshot(workspace)), []);
  });

  it('the server checks the workspace and answers requests on external links with no network attempt, no read outside, no write', async () => {
    const client = await startGuardedServer({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: true } });
    const uri = pathToFileURL(externalIndex).href;
    const gentamicin = pathToFileURL(path.join(workspace, 'examples', 'gentamicin-calculator', 'index.md')).href;
    try {
      await client.waitForDiagnostics(gentamicin, () => true, 30_000);
      const text = fs.readFileSync(externalIndex, 'utf8');
      await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'part-missing'));
      assert.equal(published.diagnostics.filter((d) => d.code === 'part-missing' && /outside the workspace/.test(d.message)).length, 4);
      const lines = text.split('\n');
      const webLine = lines.findIndex((line) => line.includes('https://example.org/evidence'));
      const position = { line: webLine, character: lines[webLine]!.indexOf('https://') + 3 };
      const textDocument = { uri };
      const answers = await Promise.all([
        client.request('textDocument/hover', { textDocument, position }),
        client.request('textDocument/documentLink', { textDocument }),
        client.request('textDocument/definition', { textDocument, position }),
        client.request('textDocument/completion', { textDocument, position }),
        client.request('textDocument/documentSymbol', { textDocument }),
        client.request<CodeAction[]>('textDocument/codeAction', { textDocument, range: published.diagnostics[0]!.range, context: { diagnostics: published.diagnostics as Diagnostic[] } }),
      ]);
      assert.equal(answers.length, 6);
      await client.change(uri, 2, [{ range: { start: { line: webLine, character: 0 }, end: { line: webLine, character: 0 } }, text: '[more](https://example.com/a) ' }]);
      await client.nextDiagnostics(uri);
      await client.close(uri);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
    const seen = recorded(client.stderr);
    assert.deepEqual(seen.networkAttempts, []);
    assert.deepEqual(readsOutside(seen.reads, workspace), []);
    assert.deepEqual(seen.writes, []);
    assert.ok(seen.reads.some((file) => file.startsWith(path.join(workspace, 'examples'))), 'the scan read the examples');
    assert.deepEqual(changes(untouched, snapshot(workspace)), []);
  });

  describe('workspace trust', () => {
    /** The "Insert the consent section" quick fix, whose text comes from the first template folder that has one. */
    async function consentFix(initializationOptions: Record<string, unknown>): Promise<{ text: string; reads: string[]; logs: string[] }> {
      const settings = { debounceMs: 0, checkWorkspaceOnStart: false, templateFolders: ['../outside/templates', path.join(outside, 'templates')] };
      const client = await startGuardedServer({ workspace, settings, initializationOptions });
      const logs: string[] = [];
      client.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
      // The settings are read again (and what is ignored logged again) now that the log is listened to.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const uri = pathToFileURL(externalIndex).href;
      let text = '';
      try {
        await client.open(uri, fs.readFileSync(externalIndex, 'utf8'));
        const published = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'section-missing'));
        const missing = published.diagnostics.find((d) => d.code === 'section-missing' && (d.data as { target?: string }).target === 'consent')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
        let action = actions.find((a) => /consent/i.test(a.title))!;
        assert.ok(action, `no consent fix among ${actions.map((a) => a.title)}`);
        if (!action.edit) action = await client.request<CodeAction>('codeAction/resolve', action);
        text = JSON.stringify(action.edit);
      } finally {
        await client.shutdown();
      }
      return { text, reads: recorded(client.stderr).reads, logs };
    }

    it('untrusted: template folders outside the workspace are ignored and never read; trusted: they are used', async () => {
      const untrusted = await consentFix({ workspaceTrusted: false });
      assert.ok(!untrusted.text.includes(OUTSIDE_TEMPLATE), 'the built-in template is used');
      assert.ok(/Informed patient consent/.test(untrusted.text));
      assert.deepEqual(untrusted.reads.filter((file) => file.startsWith(outside)), []);
      assert.ok(untrusted.logs.some((line) => line.includes('ignored in an untrusted workspace') && line.includes('../outside/templates')), untrusted.logs.join('\n'));

      const trusted = await consentFix({ workspaceTrusted: true });
      assert.ok(trusted.text.includes(OUTSIDE_TEMPLATE), 'a trusted workspace uses the user\'s template folders');
      // An editor that says nothing about trust is taken as trusted (its settings are the user's own).
      const unspecified = await consentFix({});
      assert.ok(unspecified.text.includes(OUTSIDE_TEMPLATE));
    });
  });
});
