/**
 * Hostile files on disk, through the CLI (in-process, on the real file system): bytes that are not
 * UTF-8, binary files, an empty file, a FIFO, a symbolic-link loop and links to devices. Each is
 * reported as a diagnostic, never as a crash or a hang, and the other dossiers are still checked.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { buildDossier, defaultFrontmatter, EVIDENCE } from '../support/dossierBuilder';
import { binaryBytes, invalidUtf8Dossier } from '../fixtures/hostile/inputs';

interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

async function checkJson(cwd: string, ...paths: string[]): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', '--format', 'json', ...paths], { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false });
  return { code, findings: stdout ? (JSON.parse(stdout) as Finding[]) : [], stderr };
}

describe('hostile files on disk (CLI)', function () {
  this.timeout(60_000);
  let workspace: string;

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-hostile-cli-'));
    fs.mkdirSync(path.join(workspace, '.git'));
    fs.mkdirSync(path.join(workspace, 'evidence'));
    fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), EVIDENCE['/ws/evidence/report.md']);
    fs.writeFileSync(path.join(workspace, 'latin1.md'), invalidUtf8Dossier());
    fs.writeFileSync(path.join(workspace, 'image.md'), binaryBytes());
    fs.writeFileSync(path.join(workspace, 'empty.md'), '');
    fs.writeFileSync(path.join(workspace, 'bom.md'), `\uFEFF${buildDossier()}`);
    fs.symlinkSync('loop-b.md', path.join(workspace, 'loop-a.md'));
    fs.symlinkSync('loop-a.md', path.join(workspace, 'loop-b.md'));
    fs.symlinkSync('/dev/zero', path.join(workspace, 'zeros.md'));
    const fifo = spawnSync('mkfifo', [path.join(workspace, 'pipe.md')]);
    assert.equal(fifo.status, 0, 'mkfifo is needed for this test');
    fs.writeFileSync(path.join(workspace, 'parted.md'), buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [latin1.md, image.md, pipe.md, loop-a.md, zeros.md, empty.md]\n') }));
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('a dossier that is not valid UTF-8, and a binary file named .md: file-unreadable, saying why', async () => {
    const { code, findings } = await checkJson(workspace, 'latin1.md', 'image.md', 'empty.md');
    assert.equal(code, 1);
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.rule, f.message]),
      [
        ['image.md', 1, 'file-unreadable', 'This file is not valid UTF-8 text (is it a binary file, or saved in another encoding?), so it was not checked.'],
        ['latin1.md', 1, 'file-unreadable', 'This file is not valid UTF-8 text (is it a binary file, or saved in another encoding?), so it was not checked.'],
      ],
    );
  });

  it('parts that are not valid UTF-8, binary, a FIFO, a symbolic-link loop, a link to a device, empty: reported, never a hang', async () => {
    const started = performance.now();
    const { findings } = await checkJson(workspace, 'parted.md');
    assert.ok(performance.now() - started < 10_000);
    const parts = findings.filter((f) => f.file === 'parted.md' && f.rule === 'part-missing').map((f) => f.message.replace(/: correct the path.*$/, ''));
    assert.deepEqual(parts, [
      'Part `latin1.md` cannot be read',
      'Part `image.md` cannot be read',
      'Part `pipe.md` does not exist',
      'Part `loop-a.md` does not exist',
      'Part `zeros.md` is outside the workspace, so it is not read',
    ]);
  });

  it('the whole folder: every file considered, the BOM dossier clean, nothing hangs on the FIFO or the loop', async () => {
    const started = performance.now();
    const { findings, stderr } = await checkJson(workspace, '.');
    assert.equal(stderr, '');
    assert.ok(performance.now() - started < 20_000);
    assert.deepEqual(findings.filter((f) => f.file === 'bom.md'), []);
    assert.deepEqual([...new Set(findings.filter((f) => f.rule === 'file-unreadable').map((f) => f.file))].sort(), ['image.md', 'latin1.md']);
  });
});
