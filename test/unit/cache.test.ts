/**
 * `check --cache` re-checks only the files whose inputs changed, and its results always equal an
 * uncached run; `check` on worker threads gives exactly what one thread gives.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkPaths, checkPathsInParallel, type RunOptions } from '../../server/src/cli/commands/check';
import { runCli } from '../../server/src/cli/main';
import type { WorkerStarter } from '../../server/src/cli/workerPool';
import { generateDossier, writeFiles } from '../bench/generateDossier';
import { builtinCatalogue } from '../support/testService';

/** Workers that run worker.ts from source, through tsx (the built CLI uses dist/cliWorker.cjs). */
const require = createRequire(__filename);

const sourceWorker: WorkerStarter = (setup) => {
  // The ESM entry of tsx's API, found through its CommonJS one (this file runs as CommonJS under tsx).
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = pathToFileURL(path.resolve('server/src/cli/worker.ts')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: setup });
};

function makeWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-cache-'));
  fs.mkdirSync(path.join(root, '.git'));
  for (const seed of [1, 2, 3]) writeFiles(path.join(root, `device-${seed}`), generateDossier(builtinCatalogue(), 120, seed).files);
  fs.writeFileSync(path.join(root, 'README.md'), '# Not a dossier\n');
  // Something to report: a superseded standard and a broken link.
  const index = path.join(root, 'device-3', 'index.md');
  fs.writeFileSync(index, `${fs.readFileSync(index, 'utf8')}\nWe followed ISO 14971:2007, see [the plan](evidence/old-plan.md).\n`);
  return root;
}

describe('check --cache', () => {
  let root: string;
  let cacheFile: string;
  beforeEach(() => {
    root = makeWorkspace();
    cacheFile = path.join(root, '.hie-dossier-cache');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const cachedRun = async (extra: Partial<RunOptions> = {}): Promise<{ diagnostics: unknown; checked: string[] }> => {
    let checked: string[] = [];
    const diagnostics = await checkPathsInParallel(['.'], { cwd: root }, { jobs: 1, cacheLocation: cacheFile, onChecked: (files) => (checked = [...files]), ...extra });
    return { diagnostics, checked: checked.map((file) => path.relative(root, file)).sort() };
  };
  const uncached = (): unknown => checkPaths(['.'], { cwd: root });
  const edit = (file: string, change: (text: string) => string): void => {
    const full = path.join(root, file);
    fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8')));
  };

  it('checks everything the first time and nothing the second', async () => {
    const first = await cachedRun();
    assert.equal(first.checked.length, 3 * 6 + 1, 'every Markdown file');
    assert.ok(fs.existsSync(cacheFile));
    const second = await cachedRun();
    assert.deepEqual(second.checked, []);
    assert.deepEqual(second.diagnostics, first.diagnostics);
    assert.deepEqual(second.diagnostics, uncached());
  });

  it('re-checks a dossier whose index, evidence heading or link target changed, and only that one', async () => {
    await cachedRun();
    edit('device-2/index.md', (text) => text.replace('ISO 13485:2016', 'ISO 13485:2003'));
    let run = await cachedRun();
    assert.deepEqual(run.checked, ['device-2/index.md']);
    assert.deepEqual(run.diagnostics, uncached());
    assert.ok(JSON.stringify(run.diagnostics).includes('standard-superseded'), 'the change shows');

    // A heading that links point at disappears: the dossiers linking there are checked again.
    edit('device-3/evidence/risk-file.md', (text) => text.replace('## Hazard log', '## Hazards'));
    run = await cachedRun();
    assert.ok(run.checked.includes('device-3/index.md') && run.checked.includes('device-3/evidence/risk-file.md'));
    assert.ok(!run.checked.includes('device-1/index.md') && !run.checked.includes('device-2/index.md'));
    assert.deepEqual(run.diagnostics, uncached());

    // A missing link target that is created.
    edit('device-1/index.md', (text) => `${text}\nSee [the plan](evidence/new-plan.md).\n`);
    run = await cachedRun();
    assert.ok(JSON.stringify(run.diagnostics).includes('new-plan.md'), 'the broken link is reported');
    fs.writeFileSync(path.join(root, 'device-1/evidence/new-plan.md'), '# Plan\n');
    run = await cachedRun();
    assert.ok(run.checked.includes('device-1/index.md'));
    assert.ok(!JSON.stringify(run.diagnostics).includes('new-plan.md'), 'the link is no longer broken');
    assert.deepEqual(run.diagnostics, uncached());
  });

  it('re-checks everything when the configuration changes', async () => {
    await cachedRun();
    fs.writeFileSync(path.join(root, '.hie-dossier.yaml'), 'rules:\n  section-incomplete: off\n');
    const run = await cachedRun();
    assert.ok(run.checked.length >= 3 * 6, `checked ${run.checked.length}`);
    assert.deepEqual(run.diagnostics, uncached());
  });

  it('drops the whole cache when the options differ, and ignores a corrupt cache', async () => {
    await cachedRun();
    let checked: string[] = [];
    await checkPathsInParallel(['.'], { cwd: root, maxFileSizeKb: 100 }, { jobs: 1, cacheLocation: cacheFile, onChecked: (files) => (checked = [...files]) });
    assert.equal(checked.length, 19);
    fs.writeFileSync(cacheFile, '{ not json');
    const run = await cachedRun();
    assert.equal(run.checked.length, 19);
    assert.deepEqual(run.diagnostics, uncached());
  });

  it('writes nothing without --cache, and honours --cache-location', async () => {
    const cli = (args: string[]): Promise<number> => runCli(args, { cwd: root, stdout: () => undefined, stderr: () => undefined, isTty: false });
    await cli(['check', '.', '--format', 'json']);
    assert.ok(!fs.existsSync(cacheFile), 'no cache file without --cache');
    await cli(['check', '.', '--cache', '--cache-location', 'custom-cache.json']);
    assert.ok(fs.existsSync(path.join(root, 'custom-cache.json')));
    fs.mkdirSync(path.join(root, 'cache-folder'));
    await cli(['check', '.', '--cache', '--cache-location', 'cache-folder']);
    assert.ok(fs.existsSync(path.join(root, 'cache-folder', '.hie-dossier-cache')));
    assert.ok(!fs.existsSync(cacheFile));
    assert.equal(await cli(['check', '.', '--jobs', '0']), 2, 'bad --jobs is a usage error');
  });

  it('still reports, with a warning, when the cache cannot be written', async () => {
    let stderr = '';
    let stdout = '';
    const code = await runCli(['check', '.', '--format', 'json', '--cache', '--cache-location', 'no-such-folder/cache'], { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false });
    assert.match(stderr, /the cache could not be written/);
    assert.equal(code, 1, 'the dossier with a superseded standard and a broken link has errors');
    assert.deepEqual(JSON.parse(stdout).length, (uncached() as unknown[]).length);
  });
});

describe('check on worker threads', function () {
  this.timeout(60000);
  let root: string;
  before(() => (root = makeWorkspace()));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives exactly what one thread gives, with and without a cache', async () => {
    const single = checkPaths(['.'], { cwd: root });
    let checked: string[] = [];
    const parallel = await checkPathsInParallel(['.'], { cwd: root }, { jobs: 2, startWorker: sourceWorker, parallelMinBytes: 0, onChecked: (files) => (checked = [...files]) });
    assert.equal(checked.length, 19);
    assert.deepEqual(parallel, single);
    assert.ok((parallel as unknown[]).length > 0, 'there is something to compare');

    const cacheLocation = path.join(root, 'cache.json');
    await checkPathsInParallel(['.'], { cwd: root }, { jobs: 2, startWorker: sourceWorker, parallelMinBytes: 0, cacheLocation });
    const text = fs.readFileSync(path.join(root, 'device-1/index.md'), 'utf8');
    fs.writeFileSync(path.join(root, 'device-1/index.md'), text.replace('| Yes |', '| No |'));
    const afterEdit = await checkPathsInParallel(['.'], { cwd: root }, { jobs: 2, startWorker: sourceWorker, parallelMinBytes: 0, cacheLocation, onChecked: (files) => (checked = [...files]) });
    assert.deepEqual(checked.map((file) => path.relative(root, file)), ['device-1/index.md']);
    assert.deepEqual(afterEdit, checkPaths(['.'], { cwd: root }));
  });
});
