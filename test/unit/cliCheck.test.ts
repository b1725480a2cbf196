/** `hie-dossier check`: the three formats, exit codes and usage errors, run in-process. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli } from '../../server/src/cli/main';
import { buildDossier, defaultRows } from '../support/dossierBuilder';

const require = createRequire(import.meta.url);

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false });
  return { code, stdout, stderr };
}

describe('CLI check', () => {
  let workspace: string;

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-cli-'));
    fs.mkdirSync(path.join(workspace, '.git'));
    const rows = defaultRows();
    rows[0] = { ...rows[0]!, standards: 'ISO 14971:2007' };
    fs.mkdirSync(path.join(workspace, 'clean', 'evidence'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'warn', 'evidence'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'broken'), { recursive: true });
    for (const folder of ['clean', 'warn']) fs.writeFileSync(path.join(workspace, folder, 'evidence', 'report.md'), '# Report\n');
    fs.writeFileSync(path.join(workspace, 'clean', 'index.md'), buildDossier());
    fs.writeFileSync(path.join(workspace, 'warn', 'index.md'), buildDossier({ rows }));
    fs.writeFileSync(path.join(workspace, 'broken', 'index.md'), buildDossier({ sections: { consent: undefined } }));
    fs.writeFileSync(path.join(workspace, 'README.md'), '# Not a dossier\n\n| ER | Applies |\n|--|--|\n| 99 | No |\n');
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('exits 0 with no output on a clean dossier and a README', async () => {
    const result = await cli(['check', 'clean', 'README.md'], workspace);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
  });

  it('exits 0 when there are only warnings, and prints them like ESLint', async () => {
    const result = await cli(['check', 'warn'], workspace);
    assert.equal(result.code, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines[1], 'warn/index.md');
    assert.match(lines[2]!, /^ {2}\d+:\d+ {2}warning {2}ISO 14971:2007 has been replaced by ISO 14971:2019.* {2}standard-superseded$/);
    assert.match(result.stdout, /✖ 1 problem \(0 errors, 1 warning\)/);
  });

  it('exits 1 when there is an error', async () => {
    assert.equal((await cli(['check', '.'], workspace)).code, 1);
  });

  it('prints JSON exactly as the format page specifies, paths relative to the current directory', async () => {
    const result = await cli(['check', '--format', 'json', 'broken', 'warn'], workspace);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(parsed[0]!), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'target', 'message']);
    const missing = parsed.find((d) => d.rule === 'section-missing')!;
    assert.deepEqual({ ...missing, message: undefined }, { file: 'broken/index.md', line: 2, column: 1, endLine: 2, endColumn: 7, severity: 'error', rule: 'section-missing', target: 'consent', message: undefined });
    const superseded = parsed.find((d) => d.rule === 'standard-superseded')!;
    assert.equal(superseded.file, 'warn/index.md');
    assert.equal(superseded.target, 'ISO 14971');
  });

  it('prints SARIF 2.1.0 that validates against the schema', async () => {
    const result = await cli(['check', '--format', 'sarif', '.'], workspace);
    assert.equal(result.code, 1);
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    // The published schema has a pattern that is only valid without the regex `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0]!.results;
    assert.ok(results.some((r) => r.ruleId === 'section-missing' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'broken/index.md'));
  });

  it('exits 2 on bad usage, with a message', async () => {
    for (const args of [['check'], ['check', '--format', 'xml', '.'], ['check', 'no/such/path'], ['lint', '.'], ['check', '--bogus', '.'], []]) {
      const result = await cli(args, workspace);
      assert.equal(result.code, 2, args.join(' '));
      assert.ok(result.stderr.length > 0, `a message for ${args.join(' ')}`);
    }
  });

  it('has --help and --version', async () => {
    const help = await cli(['--help'], workspace);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: hie-dossier/);
    const checkHelp = await cli(['check', '--help'], workspace);
    assert.match(checkHelp.stdout, /er-missing/);
    const version = await cli(['--version'], workspace);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('uses an explicit --config file', async () => {
    const config = path.join(workspace, 'strict.yaml');
    fs.writeFileSync(config, 'rules:\n  standard-superseded: error\n');
    assert.equal((await cli(['check', '--config', config, 'warn'], workspace)).code, 1);
  });
});
