/**
 * Entry of a `check` worker thread (bundled as dist/cliWorker.cjs): it builds its own service
 * and checks the files the main thread sends, one message per file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createFileChecker, type WorkerSetup } from './workerTask';
import type { WorkerReply, WorkerRequest } from './workerPool';

const { options, catalogue } = workerData as WorkerSetup;
const checker = createFileChecker(options, catalogue);

parentPort!.on('message', ({ file }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { file, result: checker.check(file) };
  } catch (error) {
    reply = { file, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
