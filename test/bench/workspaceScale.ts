/**
 * A repository of many dossiers: the CLI's time cold and with --cache after one change, and the
 * language server's peak memory once its workspace scan has loaded them all.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/lspClient';
import { BenchClient } from './benchClient';

const CLI_BIN = path.join(REPO_ROOT, 'dist', 'cli.cjs');

export interface WorkspaceFigures {
  cliCold: number;
  cliCacheFirst: number;
  cliCacheUnchanged: number;
  cliCacheOneChanged: number;
  /** The same result with and without the cache (a check of the check). */
  cacheAgrees: boolean;
  scan: number;
  /** Bytes: the server's peak and final resident set size. */
  serverPeakRss: number;
  serverRss: number;
  dossiersPublished: number;
}

/** Runs the CLI and returns its wall time in milliseconds and its stdout. */
function runCli(cwd: string, args: string[]): { ms: number; stdout: string } {
  const start = performance.now();
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [CLI_BIN, 'check', ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  } catch (error) {
    // Exit status 1 means "errors found", which is a normal outcome here.
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    if (failed.status !== 1) throw new Error(`hie-dossier check failed: ${failed.stderr ?? String(error)}`);
    stdout = failed.stdout ?? '';
  }
  return { ms: performance.now() - start, stdout };
}

function memoryOf(pid: number): { peak: number; current: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { peak: field('VmHWM'), current: field('VmRSS') };
}

export async function measureWorkspace(folder: string, indexes: readonly string[]): Promise<WorkspaceFigures> {
  const cacheFile = path.join(folder, '.hie-dossier-cache');
  fs.rmSync(cacheFile, { force: true });
  const cold = runCli(folder, ['.', '--format', 'json']);
  const first = runCli(folder, ['.', '--format', 'json', '--cache']);
  const unchanged = runCli(folder, ['.', '--format', 'json', '--cache']);
  const changed = indexes[Math.floor(indexes.length / 2)]!;
  fs.appendFileSync(changed, '\nA paragraph added after the last run, citing ISO 14971:2007.\n');
  const oneChanged = runCli(folder, ['.', '--format', 'json', '--cache']);
  const uncached = runCli(folder, ['.', '--format', 'json']);
  fs.rmSync(cacheFile, { force: true });

  const client = await BenchClient.start(folder, { checkWorkspaceOnStart: true });
  try {
    const started = performance.now();
    await client.scanEnded();
    const scan = performance.now() - started;
    const memory = memoryOf(client.process.pid!);
    const dossiersPublished = indexes.filter((index) => client.published.has(pathToFileURL(index).href)).length;
    return {
      cliCold: cold.ms,
      cliCacheFirst: first.ms,
      cliCacheUnchanged: unchanged.ms,
      cliCacheOneChanged: oneChanged.ms,
      cacheAgrees: first.stdout === cold.stdout && unchanged.stdout === cold.stdout && oneChanged.stdout === uncached.stdout && oneChanged.stdout !== cold.stdout,
      scan,
      serverPeakRss: memory.peak,
      serverRss: memory.current,
      dossiersPublished,
    };
  } finally {
    await client.shutdown();
  }
}
