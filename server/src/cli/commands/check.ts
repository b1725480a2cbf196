/**
 * `hie-dossier check`: diagnostics for every dossier under the given paths. Many files are
 * checked on worker threads; with --cache, only files whose inputs changed since the last run
 * are checked at all (see ../cache.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { VERSION } from '../../../../shared/src/version';
import { builtinCatalogueDirectory } from '../../languageservice/catalogue/loadCatalogue';
import { RULES } from '../../languageservice/rules';
import type { DossierDiagnostic } from '../../languageservice/service';
import { cliWorkspaceRoot, nodeFileSystem } from '../../node/nodeFileSystem';
import { cacheKey, CheckCache, hashText, resolveCacheLocation, type FileResult } from '../cache';
import { formatText, toJson, toSarif } from '../formatters';
import { UsageError, type CliCommand, type CliIo } from '../io';
import { checkInWorkers, type WorkerStarter } from '../workerPool';
import { createFileChecker, loadBuiltinCatalogue, type CheckOptions } from '../workerTask';
import { collectMarkdownFiles } from '../inputFiles';

export type { CheckOptions } from '../workerTask';

/**
 * One list of diagnostics from the results of each checked file, taken in the order of `files`:
 * a file reported by two dossiers (a shared part) keeps the last non-empty list.
 */
function mergeResults(files: readonly string[], results: ReadonlyMap<string, FileResult>): DossierDiagnostic[] {
  const byFile = new Map<string, DossierDiagnostic[]>();
  for (const file of files) {
    for (const [reported, list] of results.get(file)?.diagnostics ?? []) if (list.length > 0 || !byFile.has(reported)) byFile.set(reported, list);
  }
  return [...byFile.keys()].sort().flatMap((file) => byFile.get(file)!);
}

/** Checks every file on this thread. */
export function checkPaths(paths: string[], options: CheckOptions): DossierDiagnostic[] {
  const files = collectMarkdownFiles(paths, options.cwd);
  const checker = createFileChecker(options);
  return mergeResults(files, new Map(files.map((file) => [file, checker.check(file)])));
}

export interface RunOptions {
  /** Worker threads to use (1: none). Workers are used only when there is enough to check. */
  jobs: number;
  /** Where to read and write the cache, when --cache is given. */
  cacheLocation?: string;
  /** How to start a worker; by default dist/cliWorker.cjs next to the running CLI, if it is there. */
  startWorker?: WorkerStarter;
  /** Workers only when at least this many bytes are to be checked (default PARALLEL_MIN_BYTES). */
  parallelMinBytes?: number;
  /** Told which files had to be checked (the others came from the cache). */
  onChecked?: (files: readonly string[]) => void;
  /** Told when the cache cannot be written (the check itself has succeeded). */
  onCacheNotSaved?: (reason: string) => void;
}

/** Below this much Markdown to check, starting workers (each loads the catalogue) costs more than it saves. */
const PARALLEL_MIN_BYTES = 256 * 1024;

function defaultWorkerStarter(): WorkerStarter | undefined {
  const script = fileURLToPath(new URL('./cliWorker.cjs', import.meta.url));
  return fs.existsSync(script) ? (setup) => new Worker(script, { workerData: setup }) : undefined;
}

/** What makes cached results invalid besides the files: the tool (its own code too), the catalogue, the options. */
function runKey(options: CheckOptions): string {
  let code = '';
  try {
    code = hashText(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8'));
  } catch {
    // running from somewhere we cannot read: the version alone
  }
  return cacheKey({
    version: `${VERSION} ${code}`,
    catalogueDirectory: builtinCatalogueDirectory(),
    options: { configFile: options.configFile ?? null, maxFileSizeKb: options.maxFileSizeKb ?? null, cwd: options.cwd },
  });
}

/** Checks every file, on workers when it is worth it, reusing cached results when a cache is given. */
export async function checkPathsInParallel(paths: string[], options: CheckOptions, run: RunOptions): Promise<DossierDiagnostic[]> {
  const files = collectMarkdownFiles(paths, options.cwd);
  const cache = run.cacheLocation ? CheckCache.load(run.cacheLocation, runKey(options)) : undefined;
  const results = new Map<string, FileResult>();
  const toCheck: string[] = [];
  const roots = new Map<string, string>();
  const rootOf = (file: string): string => {
    const folder = path.dirname(file);
    let root = roots.get(folder);
    if (root === undefined) roots.set(folder, (root = cliWorkspaceRoot(file, options.cwd)));
    return root;
  };
  for (const file of files) {
    const cached = cache?.validResult(file, rootOf(file), nodeFileSystem);
    if (cached) results.set(file, cached);
    else toCheck.push(file);
  }
  const bytes = toCheck.reduce((sum, file) => sum + (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
  const startWorker = run.startWorker ?? defaultWorkerStarter();
  run.onChecked?.(toCheck);
  if (toCheck.length > 0) {
    // Loaded once for this thread and every worker, and kept in the cache when there is one.
    const catalogue = cache?.catalogue ?? loadBuiltinCatalogue();
    if (cache) cache.catalogue = catalogue;
    if (startWorker && run.jobs > 1 && toCheck.length > 1 && bytes >= (run.parallelMinBytes ?? PARALLEL_MIN_BYTES)) {
      for (const [file, result] of await checkInWorkers(toCheck, { options, catalogue }, run.jobs, startWorker)) results.set(file, result);
    } else {
      const checker = createFileChecker(options, catalogue);
      for (const file of toCheck) results.set(file, checker.check(file));
    }
  }
  if (cache) {
    for (const file of toCheck) cache.set(file, results.get(file)!);
    try {
      cache.save(files);
    } catch (error) {
      run.onCacheNotSaved?.(error instanceof Error ? error.message : String(error));
    }
  }
  return mergeResults(files, results);
}

function defaultJobs(): number {
  return Math.max(1, Math.min(8, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
}

const USAGE = `Usage: hie-dossier check [options] PATH...

Checks every HIE dossier (Markdown with a \`device\` mapping in its frontmatter) under the
given files and folders, with the files listed under \`parts\`.

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              use this configuration file instead of .hie-dossier.yaml
  --max-file-size KB         skip dossiers larger than this (default: 4096)
  --no-color                 plain text output
  --cache                    re-check only files whose content or inputs changed since the
                             last --cache run (results kept in .hie-dossier-cache)
  --cache-location FILE      where --cache keeps its results (a file, or a folder for it)
  --jobs N                   worker threads for large runs (default: the number of cores)

Exit status: 0 no errors, 1 errors found, 2 bad usage.

Rules:
${RULES.map((rule) => `  ${rule.id.padEnd(30)} ${rule.defaultSeverity.padEnd(8)} ${rule.description}`).join('\n')}
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'report the problems of every dossier under the paths',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        'max-file-size': { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        cache: { type: 'boolean', default: false },
        'cache-location': { type: 'string' },
        jobs: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('Give at least one file or folder to check.');
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`Unknown format: ${format} (use text, json or sarif).`);
    let maxFileSizeKb: number | undefined;
    if (values['max-file-size'] !== undefined) {
      maxFileSizeKb = Number(values['max-file-size']);
      if (!Number.isFinite(maxFileSizeKb) || maxFileSizeKb <= 0) throw new UsageError('--max-file-size takes a positive number of kilobytes.');
    }
    let jobs = defaultJobs();
    if (values.jobs !== undefined) {
      jobs = Number(values.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs takes a whole number of threads, 1 or more.');
    }
    const configFile = values.config ? path.resolve(io.cwd, values.config) : undefined;
    const options: CheckOptions = { cwd: io.cwd, ...(configFile ? { configFile } : {}), ...(maxFileSizeKb ? { maxFileSizeKb } : {}) };
    const cacheLocation = values.cache ? resolveCacheLocation(io.cwd, values['cache-location']) : undefined;
    const diagnostics = await checkPathsInParallel(positionals, options, {
      jobs,
      ...(cacheLocation ? { cacheLocation } : {}),
      onCacheNotSaved: (reason) => io.stderr(`hie-dossier check: the cache could not be written (${reason}); the results are complete.\n`),
    });
    if (format === 'json') io.stdout(`${JSON.stringify(toJson(diagnostics, io.cwd), null, 2)}\n`);
    else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(diagnostics, io.cwd), null, 2)}\n`);
    else io.stdout(formatText(diagnostics, io.cwd, io.isTty && !values['no-color']));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
