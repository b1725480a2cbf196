/**
 * `npm run fuzz`: the long fuzz run. A random seed unless one is given, a large budget per
 * target, and on failure the seed, the shrunk input and a regression fixture under
 * test/fixtures/fuzz-regressions/ (which the unit suite then replays).
 *
 *   npm run fuzz                          # random seed, 5 minutes per target
 *   npm run fuzz -- --seed 42 --runs 500  # replay a seed with a fixed number of cases
 *   npm run fuzz -- --minutes 1 --target edit-sequences
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { describeFixture, runTarget, TARGETS, writeFixture } from './campaign';
import { REPO_ROOT } from './paths';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string' },
    minutes: { type: 'string', default: '5' },
    target: { type: 'string', multiple: true },
  },
});

// fast-check takes a 32-bit signed seed; a random one is kept positive so it reads well in a command line.
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 0x7fffffff);
const minutes = Number(values.minutes);
const numRuns = values.runs !== undefined ? Number(values.runs) : 1_000_000;
if (!Number.isInteger(seed) || !Number.isFinite(minutes) || minutes <= 0 || !Number.isInteger(numRuns) || numRuns <= 0) {
  console.error('Usage: npm run fuzz -- [--seed N] [--runs N] [--minutes M] [--target NAME]...');
  process.exit(2);
}
const chosen = values.target?.length ? TARGETS.filter((t) => values.target!.includes(t.name)) : [...TARGETS];
if (chosen.length === 0) {
  console.error(`Unknown target; known: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

console.log(`fuzz: seed ${seed}, up to ${numRuns} cases or ${minutes} min per target`);
let failures = 0;
let total = 0;
const started = performance.now();
for (const target of chosen) {
  const outcome = runTarget(target, { seed, numRuns, timeLimitMs: minutes * 60_000 });
  total += outcome.cases;
  console.log(`fuzz: ${outcome.target}: ${outcome.cases} cases in ${(outcome.milliseconds / 1000).toFixed(1)} s${outcome.failure ? ' — FAILED' : ''}`);
  if (outcome.failure) {
    failures++;
    const file = writeFixture(outcome.failure.fixture);
    console.log(`\n  seed ${outcome.seed}, path ${outcome.failure.path}\n  ${outcome.failure.error.replace(/\n/g, '\n  ')}\n\n  shrunk input:\n${describeFixture(outcome.failure.fixture)}\n`);
    console.log(`  regression fixture written: ${path.relative(REPO_ROOT, file)}`);
    console.log(`  replay: npm run fuzz -- --seed=${outcome.seed} --target=${outcome.target} --runs=${outcome.cases}\n`);
  }
}
console.log(`fuzz: ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, ${failures} failing target(s)`);
process.exit(failures > 0 ? 1 : 0);
