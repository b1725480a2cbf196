/** Where the fuzzers find the repository and keep their regression fixtures. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REGRESSION_FOLDER = path.join(REPO_ROOT, 'test', 'fixtures', 'fuzz-regressions');
