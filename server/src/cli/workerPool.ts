/**
 * Checks files on worker threads: one service per worker, files handed out one at a time
 * (largest first, so no worker is left with a big dossier at the end). Results are keyed by
 * file, so the caller merges them in the same order as a check on one thread.
 */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FileResult } from './cache';
import type { WorkerSetup } from './workerTask';

export interface WorkerRequest {
  file: string;
}

export type WorkerReply = { file: string; result: FileResult } | { file: string; error: string };

/** Starts one worker running worker.ts with the setup as workerData. */
export type WorkerStarter = (setup: WorkerSetup) => Worker;

/** Files a worker has in hand at once: the next one is there when it finishes the current one. */
const IN_FLIGHT_PER_WORKER = 2;

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export async function checkInWorkers(files: readonly string[], setup: WorkerSetup, workerCount: number, startWorker: WorkerStarter): Promise<Map<string, FileResult>> {
  const queue = [...files].sort((a, b) => sizeOf(b) - sizeOf(a));
  const results = new Map<string, FileResult>();
  const workers = Array.from({ length: Math.min(workerCount, files.length) }, () => startWorker(setup));
  try {
    await new Promise<void>((resolve, reject) => {
      let pending = files.length;
      if (pending === 0) resolve();
      const feed = (worker: Worker): void => {
        const file = queue.shift();
        if (file !== undefined) worker.postMessage({ file } satisfies WorkerRequest);
      };
      for (const worker of workers) {
        worker.on('message', (reply: WorkerReply) => {
          if ('error' in reply) {
            reject(new Error(`checking ${reply.file} failed: ${reply.error}`));
            return;
          }
          results.set(reply.file, reply.result);
          feed(worker);
          if (--pending === 0) resolve();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (pending > 0 && code !== 0) reject(new Error(`a check worker stopped with exit code ${code}`));
        });
        for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
