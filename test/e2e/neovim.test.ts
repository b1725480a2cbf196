/**
 * Neovim (Debian's 0.7.2, built-in LSP client) as a second, independent editor: it starts
 * `node dist/server.cjs --stdio`, opens the end-to-end fixture dossier and collects
 * textDocument/publishDiagnostics (test/e2e/nvim-probe.lua). Runs in the protocol tier.
 *
 * Needs `nvim` on PATH (.ci/install-e2e-prereqs.sh installs it) and a built server (npm run build).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROBE = path.join(REPO_ROOT, 'test/e2e/nvim-probe.lua');
const SERVER = path.join(REPO_ROOT, 'dist/server.cjs');
const FIXTURE = path.join(REPO_ROOT, 'test/e2e/fixtures/workspace');

/** Rule and 0-based line of the defects planted in fixtures/workspace/pump/index.md (see suite/diagnostics.test.ts). */
const EXPECTED: [rule: string, line: number][] = [
  ['characteristic-unknown', 11],
  ['standard-superseded', 53],
  ['exclusion-not-allowed', 57],
  ['evidence-link-broken', 63],
  ['exclusion-unjustified', 66],
  ['evidence-missing', 80],
  ['evidence-link-broken', 81],
  ['er-duplicate', 83],
  ['er-unknown', 84],
  ['patient-identifier', 92],
];

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

interface ProbeResult {
  ok: boolean;
  error?: string;
  uri: string;
  publications: number;
  diagnostics: LspDiagnostic[];
}

describe('Neovim 0.7 as an LSP client of the server (end-to-end, second editor)', function () {
  this.timeout(60_000);
  let base: string;

  before(function () {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error(
        'nvim (Neovim) is not installed or does not run: run .ci/install-e2e-prereqs.sh (it installs Debian\'s neovim package). ' +
          `(${version.error?.message ?? version.stderr})`,
      );
    }
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} does not exist: run npm run build first.`);
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-nvim-'));
  });

  after(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('receives the planted defects of the fixture dossier with their rules and 0-based lines', () => {
    const workspace = path.join(base, 'workspace');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    const xdg = (name: string) => path.join(base, 'xdg', name);
    const file = path.join(workspace, 'pump/index.md');
    const started = Date.now();
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${PROBE}`], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 45_000,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: xdg('config'),
        XDG_DATA_HOME: xdg('data'),
        XDG_CACHE_HOME: xdg('cache'),
        XDG_STATE_HOME: xdg('state'),
        HIE_PROBE_SERVER: SERVER,
        HIE_PROBE_FILE: file,
        HIE_PROBE_ROOT: workspace,
        HIE_PROBE_TIMEOUT_MS: '20000',
      },
    });
    const line = (run.stdout ?? '').split('\n').find((l) => l.startsWith('HIE_PROBE_RESULT '));
    assert.ok(
      line,
      `the Neovim probe printed no result (status ${run.status}, signal ${run.signal}, error ${run.error?.message}).\n` +
        `stdout: ${run.stdout}\nstderr: ${run.stderr}`,
    );
    const result = JSON.parse(line.slice('HIE_PROBE_RESULT '.length)) as ProbeResult;
    console.log(`      Neovim run: ${Date.now() - started} ms, ${result.publications} publication(s) for ${path.relative(base, file)}`);
    console.log(
      JSON.stringify(
        result.diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, range: d.range, severity: d.severity, source: d.source })),
        null,
        0,
      ).replace(/\},\{"code"/g, '},\n{"code"'),
    );
    assert.ok(result.ok, `the Neovim probe failed: ${result.error}\nstderr: ${run.stderr}`);
    assert.equal(run.status, 0, `nvim exited with ${run.status}`);

    const ours = result.diagnostics.filter((d) => d.source === 'hie-dossier');
    const got = ours.map((d) => `${d.code}@${d.range.start.line}`);
    const missing = EXPECTED.filter(([rule, l]) => !got.includes(`${rule}@${l}`)).map(([rule, l]) => `${rule}@${l}`);
    assert.deepEqual(missing, [], `Neovim did not receive these diagnostics (rule@line); it got: ${got.join(', ')}`);
    assert.ok(
      ours.some((d) => d.code === 'section-missing' && /consent/i.test(d.message)),
      'Neovim did not receive section-missing for the consent section',
    );
  });
});
