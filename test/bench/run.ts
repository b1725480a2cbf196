/**
 * `npm run bench` (and `npm run bench -- --smoke`): generates dossiers of 500, 5,000 and 20,000
 * lines and a repository of 300 dossiers in a temporary folder (seeded, nothing checked in),
 * measures them all in one run, and prints Markdown tables with the machine they ran on.
 * Needs `npm run build` first (it spawns dist/server.cjs and dist/cli.cjs).
 *
 * --smoke: the smallest size, one iteration and a small repository (the CI keeps it working).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { builtinCatalogue } from '../support/testService';
import { SERVER_BIN } from '../support/lspClient';
import { generateDossier, generateWorkspace, writeFiles } from './generateDossier';
import { measureCold, type ColdFigures } from './inProcess';
import { EDIT_PLACES, measureEditLatency, type LatencyFigures } from './lspLatency';
import { median, megabytes, ms, quantile, ratio, table } from './stats';
import { measureWorkspace, type WorkspaceFigures } from './workspaceScale';

const smoke = process.argv.includes('--smoke');
const SIZES = smoke ? [500] : [500, 5000, 20000];
const REPEAT = smoke ? 1 : 6;
const EDITS_PER_PLACE = smoke ? 2 : 24;
const WORKSPACE_DOSSIERS = smoke ? 10 : 300;
const SEED = 20260521;

interface SizeFigures {
  lines: number;
  chars: number;
  cold: ColdFigures;
  latency: LatencyFigures;
}

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((value) => value.toFixed(2)).join(', ');
  return `${cpus.length} cores (${cpus[0]?.model ?? 'unknown CPU'}), ${megabytes(os.totalmem())} RAM, Node ${process.version}, ${os.type()} ${os.release()}; load average at the end ${load}`;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER_BIN)) throw new Error('dist/server.cjs is missing: run `npm run build` first.');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-bench-'));
  const catalogue = builtinCatalogue();
  try {
    const bySize = new Map<number, SizeFigures>();
    for (const size of SIZES) {
      const folder = path.join(root, `dossier-${size}`);
      const dossier = generateDossier(catalogue, size, SEED + size, `Generated device ${size}`, true);
      writeFiles(folder, dossier.files);
      fs.mkdirSync(path.join(folder, '.git'));
      const text = dossier.files['index.md']!;
      log(`${size} lines: cold check, bare parse and markdownlint (${REPEAT}×)`);
      const cold = measureCold(folder, REPEAT);
      log(`${size} lines: edit latency over LSP (${EDITS_PER_PLACE} edits at each of ${EDIT_PLACES.length} places)`);
      const latency = await measureEditLatency(folder, text, EDITS_PER_PLACE);
      bySize.set(size, { lines: dossier.lines, chars: text.length, cold, latency });
    }

    const workspaceFolder = path.join(root, 'repository');
    log(`generating ${WORKSPACE_DOSSIERS} dossiers`);
    const workspace = generateWorkspace(catalogue, workspaceFolder, WORKSPACE_DOSSIERS, SEED, true);
    log('repository: CLI cold, with --cache, and the server scan');
    const scale = await measureWorkspace(workspaceFolder, workspace.indexes);
    print(bySize, workspace, scale);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function allEdits(latency: LatencyFigures): number[] {
  return [...latency.byPlace.values()].flat();
}

function print(bySize: Map<number, SizeFigures>, workspace: { indexes: string[]; lines: number; bytes: number }, scale: WorkspaceFigures): void {
  const out: string[] = [];
  out.push(`# HIE Dossier benchmark${smoke ? ' (smoke run)' : ''}`, '', `Machine: ${machine()}.`, '');
  out.push(
    `Each size is one generated dossier (seeded; a few superseded standards and broken links, as in real dossiers). Edit latency: single-character edits (type, then delete) over LSP to the spawned dist/server.cjs with debounceMs 0, from didChange to publishDiagnostics, ${EDITS_PER_PLACE} at each of: ${EDIT_PLACES.join(', ')}. Cold check: a new service's first check (index and evidence files). Bare parse: unified + remark-parse + remark-gfm + remark-frontmatter on the index. markdownlint: its sync API, default rules. Medians of ${REPEAT} interleaved runs (the order rotating), after one untimed run.`,
    '',
  );
  out.push(
    table(
      ['lines', 'KB', 'edit median', 'edit p95', 'first diagnostics after open', 'cold check', 'bare parse', 'markdownlint', 'cold check ÷ parse', 'edit median ÷ markdownlint'],
      [...bySize].map(([, f]) => {
        const edits = allEdits(f.latency);
        return [
          String(f.lines),
          (f.chars / 1024).toFixed(0),
          ms(median(edits)),
          ms(quantile(edits, 0.95)),
          ms(f.latency.open),
          ms(f.cold.coldCheck),
          ms(f.cold.bareParse),
          ms(f.cold.markdownlint),
          ratio(f.cold.coldCheck / f.cold.bareParse),
          ratio(median(edits) / f.cold.markdownlint),
        ];
      }),
    ),
    '',
  );
  out.push('Edit latency by place (median / p95):', '');
  out.push(
    table(
      ['lines', ...EDIT_PLACES],
      [...bySize].map(([, f]) => [String(f.lines), ...EDIT_PLACES.map((place) => `${ms(median(f.latency.byPlace.get(place)!))} / ${ms(quantile(f.latency.byPlace.get(place)!, 0.95))}`)]),
    ),
    '',
  );
  out.push(`Repository: ${workspace.indexes.length} dossiers, ${workspace.indexes.length * 6} Markdown files, ${workspace.lines} lines of index, ${megabytes(workspace.bytes)}.`, '');
  out.push(
    table(
      ['CLI cold', 'CLI --cache, first run', 'CLI --cache, nothing changed', 'CLI --cache, one dossier changed', 'server: scan of the repository', 'server: peak RSS', 'server: RSS after the scan'],
      [[ms(scale.cliCold), ms(scale.cliCacheFirst), ms(scale.cliCacheUnchanged), ms(scale.cliCacheOneChanged), ms(scale.scan), megabytes(scale.serverPeakRss), megabytes(scale.serverRss)]],
    ),
    '',
  );
  if (!scale.cacheAgrees) out.push('**The cached CLI output differed from the uncached one.**', '');
  if (scale.dossiersPublished !== workspace.indexes.length) out.push(`**The server published diagnostics for ${scale.dossiersPublished} of ${workspace.indexes.length} dossiers.**`, '');

  const smallest = bySize.get(500);
  const largest = bySize.get(20000);
  const middle = bySize.get(5000);
  const targets: [string, boolean][] = [];
  if (smallest && largest) {
    const sizeRatio = largest.chars / smallest.chars;
    const growth: [string, number, number][] = [
      ['edit latency, median', median(allEdits(smallest.latency)), median(allEdits(largest.latency))],
      ['edit latency, p95', quantile(allEdits(smallest.latency), 0.95), quantile(allEdits(largest.latency), 0.95)],
      ['cold check', smallest.cold.coldCheck, largest.cold.coldCheck],
      ['bare parse', smallest.cold.bareParse, largest.cold.bareParse],
      ['markdownlint', smallest.cold.markdownlint, largest.cold.markdownlint],
    ];
    out.push(`Growth from ${smallest.lines} to ${largest.lines} lines (size ratio ${ratio(sizeRatio)} in characters):`, '');
    out.push(table(['figure', `${smallest.lines} lines`, `${largest.lines} lines`, 'time ratio', 'time ratio ÷ size ratio'], growth.map(([name, small, large]) => [name, ms(small), ms(large), ratio(large / small), ratio(large / small / sizeRatio)])), '');
    for (const [name, small, large] of growth.slice(0, 3)) targets.push([`${name} grows at most linearly (ratio of ratios ${ratio(large / small / sizeRatio)} ≤ 1.3)`, large / small / sizeRatio <= 1.3]);
  }
  if (middle) {
    const edits = allEdits(middle.latency);
    targets.unshift(
      [`5,000 lines: edit median ${ms(median(edits))} ≤ markdownlint ÷ 10 (${ms(middle.cold.markdownlint / 10)})`, median(edits) <= middle.cold.markdownlint / 10],
      [`5,000 lines: edit p95 ${ms(quantile(edits, 0.95))} < 50 ms`, quantile(edits, 0.95) < 50],
    );
  }
  for (const [, f] of bySize) targets.push([`${f.lines} lines: cold check ${ratio(f.cold.coldCheck / f.cold.bareParse)} × bare parse ≤ 1.2`, f.cold.coldCheck <= 1.2 * f.cold.bareParse]);
  targets.push([`repository: cached CLI re-run after one change ${ms(scale.cliCacheOneChanged)} < 1 s`, scale.cliCacheOneChanged < 1000]);
  targets.push([`repository: server peak memory ${megabytes(scale.serverPeakRss)} < 300 MB`, scale.serverPeakRss < 300 * 1024 * 1024]);
  out.push('Targets:', '', ...targets.map(([text, met]) => `- ${met ? 'met' : '**missed**'}: ${text}`), '');
  process.stdout.write(`${out.join('\n')}\n`);
  if (smoke && !scale.cacheAgrees) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
