/** `hie-dossier declaration`, `report` and `register`, run in-process through runCli with a captured CliIo. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { CHECKLIST_CSV_HEADER } from '../../server/src/languageservice/outputs/checklistReport';
import { REGISTER_HEADER } from '../../server/src/languageservice/outputs/register';
import { checked, EXAMPLE_INDEXES, parseCsv, REPO_ROOT } from './outputsFixtures';

async function cli(args: string[], cwd = REPO_ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false });
  return { code, stdout, stderr };
}

const GENTAMICIN = 'examples/gentamicin-calculator';
const THUMB = 'examples/thumb-splint';
const ESCAPING = 'test/fixtures/outputs/escaping';

describe('CLI declaration', () => {
  let scratch: string;
  before(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-outputs-'))));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('writes the Markdown declaration of a clean dossier to stdout and exits 0', async () => {
    const result = await cli(['declaration', GENTAMICIN]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# Public declaration: Paediatric Gentamicin Dose Calculator\n/);
    assert.equal(result.stderr, '');
  });

  it('writes a standalone HTML page with --format html', async () => {
    const result = await cli(['declaration', '--format', 'html', `${GENTAMICIN}/index.md`]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^<!DOCTYPE html>\n<html lang="en-GB">/);
    assert.doesNotMatch(result.stdout, /DRAFT/);
  });

  it('refuses a dossier with errors: exit 1, every error on stderr, nothing on stdout', async () => {
    const errors = checked(EXAMPLE_INDEXES.thumbSplint).diagnostics.filter((d) => d.severity === 'error');
    const result = await cli(['declaration', THUMB]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /examples\/thumb-splint\/index\.md: the dossier has \d+ errors, so its declaration cannot be published/);
    for (const error of errors) assert.ok(result.stderr.includes(`examples/thumb-splint/index.md:${error.range.start.line + 1}:${error.range.start.character + 1} error: ${error.message} [${error.rule}]`), error.rule);
    assert.match(result.stderr, /--draft/);
  });

  it('writes a declaration marked DRAFT with --draft', async () => {
    const markdown = await cli(['declaration', '--draft', THUMB]);
    assert.equal(markdown.code, 0);
    assert.match(markdown.stdout, /^# DRAFT – Public declaration: 3D-printed Thumb CMC Splint\n\n> \*\*DRAFT: not for publication\.\*\*/);
    const html = await cli(['declaration', '--draft', '--format', 'html', THUMB]);
    assert.match(html.stdout, /<title>DRAFT – Public declaration/);
    assert.match(html.stdout, /<div class="draft" role="note">/);
  });

  it('does not block on warnings only', async () => {
    const result = await cli(['declaration', '--format', 'html', ESCAPING]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes('<h1>Public declaration: Ward &lt;b&gt;&amp;&quot;quote&quot;&#39; splint, mark 2</h1>'));
  });

  it('refuses a folder when any of its dossiers has errors, unless --draft', async () => {
    const refused = await cli(['declaration', 'examples']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    const drafted = await cli(['declaration', '--draft', 'examples']);
    assert.equal(drafted.code, 0);
    assert.equal((drafted.stdout.match(/^# DRAFT – Public declaration: /gm) ?? []).length, 3);
  });

  it('writes files only when asked: one file with --output FILE, one per dossier with --output DIR/', async () => {
    const file = path.join(scratch, 'out', 'declaration.html');
    const one = await cli(['declaration', '--format', 'html', '--output', file, GENTAMICIN]);
    assert.equal(one.code, 0);
    assert.equal(one.stdout, '');
    assert.match(fs.readFileSync(file, 'utf8'), /<h1>Public declaration: Paediatric Gentamicin Dose Calculator<\/h1>/);
    const folder = path.join(scratch, 'published') + path.sep;
    const many = await cli(['declaration', '--draft', '--output', folder, 'examples']);
    assert.equal(many.code, 0);
    assert.equal(many.stdout, '');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['ex-3dp-0015.md', 'ex-sw-0042.md', 'ex-sw-0107.md']);
  });

  it('dates the declaration with --date and rejects a malformed date', async () => {
    const dated = await cli(['declaration', '--date', '2026-03-10', GENTAMICIN]);
    assert.ok(dated.stdout.includes('Date of this declaration: 2026-03-10.'));
    const bad = await cli(['declaration', '--date', '10/03/2026', GENTAMICIN]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /YYYY-MM-DD/);
  });

  it('reports bad usage with exit 2, and a path without dossiers with exit 1', async () => {
    assert.equal((await cli(['declaration'])).code, 2);
    assert.equal((await cli(['declaration', '--format', 'pdf', GENTAMICIN])).code, 2);
    assert.equal((await cli(['declaration', 'no/such/folder'])).code, 2);
    const none = await cli(['declaration', 'examples/README.md']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no dossier found/);
  });
});

describe('CLI report', () => {
  it('writes the Markdown checklist with a summary (default format)', async () => {
    const result = await cli(['report', THUMB]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^# Essential requirements checklist: 3D-printed Thumb CMC Splint/);
    assert.match(result.stdout, /## Summary\n/);
    assert.match(result.stdout, /\| 13\.5 \| [^|]+ \| missing \|/);
  });

  it('writes CSV and HTML', async () => {
    const csv = await cli(['report', '--format', 'csv', 'examples/mu-check']);
    const records = parseCsv(csv.stdout);
    assert.deepEqual(records[0], CHECKLIST_CSV_HEADER);
    assert.ok(records.slice(1).every((record) => record[0] === 'examples/mu-check/index.md'));
    const html = await cli(['report', '--format', 'html', GENTAMICIN]);
    assert.match(html.stdout, /<caption>Every essential requirement of Annex I and how the dossier addresses it<\/caption>/);
  });

  it('makes evidence links relative to the --output file', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-report-'));
    try {
      const result = await cli(['report', '--format', 'html', '--output', path.join(scratch, 'report.html'), GENTAMICIN]);
      assert.equal(result.code, 0);
      const html = fs.readFileSync(path.join(scratch, 'report.html'), 'utf8');
      const hrefs = [...html.matchAll(/href="([^"#]+)/g)].map((m) => m[1]!);
      assert.ok(hrefs.length > 0);
      for (const href of hrefs) assert.ok(fs.existsSync(path.resolve(scratch, decodeURI(href))), href);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('CLI register', () => {
  it('writes one CSV line per dossier found (default format)', async () => {
    const result = await cli(['register', 'examples', ESCAPING]);
    assert.equal(result.code, 0);
    const records = parseCsv(result.stdout);
    assert.deepEqual(records[0], REGISTER_HEADER);
    assert.deepEqual(
      records.slice(1).map((record) => record[REGISTER_HEADER.indexOf('Dossier')]),
      ['examples/gentamicin-calculator/index.md', 'examples/mu-check/index.md', 'examples/thumb-splint/index.md', 'test/fixtures/outputs/escaping/index.md'],
    );
  });

  it('writes JSON and Markdown', async () => {
    const json = JSON.parse((await cli(['register', '--format', 'json', 'examples'])).stdout) as { name: string; errors: number }[];
    assert.deepEqual(json.map((entry) => entry.name), ['Paediatric Gentamicin Dose Calculator', 'Extended-Distance MU Check', '3D-printed Thumb CMC Splint']);
    assert.equal(json[2]!.errors, checked(EXAMPLE_INDEXES.thumbSplint).diagnostics.filter((d) => d.severity === 'error').length);
    const markdown = (await cli(['register', '--format', 'md', 'examples'])).stdout;
    assert.match(markdown, /^# Register of devices made under the Health Institution Exemption\n/);
  });

  it('writes a header-only register when no dossier is found, and rejects unknown formats', async () => {
    const empty = await cli(['register', 'examples/README.md']);
    assert.equal(empty.code, 0);
    assert.equal(parseCsv(empty.stdout).length, 1);
    assert.match(empty.stderr, /no dossier found/);
    assert.equal((await cli(['register', '--format', 'xml', 'examples'])).code, 2);
  });

  it('lists the output commands in the overview and shows their help', async () => {
    const help = await cli(['--help']);
    for (const name of ['declaration', 'report', 'register']) {
      assert.match(help.stdout, new RegExp(`\\n  ${name} `));
      const usage = await cli([name, '--help']);
      assert.equal(usage.code, 0);
      assert.match(usage.stdout, new RegExp(`^Usage: hie-dossier ${name} `));
    }
  });
});
