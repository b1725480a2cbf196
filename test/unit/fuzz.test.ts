/**
 * The fuzzers in CI: every target with a fixed seed and a budget that keeps the whole file under
 * two minutes, printing how many cases were generated and how long they took. A failure shows the
 * seed and the shrunk input; `npm run fuzz` runs the long, random-seed budget and writes a failing
 * input to test/fixtures/fuzz-regressions/, where every file is replayed below.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describeFixture, readFixture, regressionFixtureFiles, replayFixture, runTarget, TARGETS, type TargetName } from '../fuzz/campaign';

const CI_SEED = 20260601;
/** Cases per target: about 50 s in all on a developer machine. */
const CI_RUNS: Record<TargetName, number> = {
  'arbitrary-markdown': 1500,
  'mutated-dossiers': 300,
  'edit-sequences': 400,
  'quick-fixes': 1000,
};

describe('fuzzing (fixed seed, CI budget)', function () {
  this.timeout(120_000);
  const totals = { cases: 0, milliseconds: 0 };

  after(() => {
    console.log(`      fuzz total: ${totals.cases} generated cases in ${(totals.milliseconds / 1000).toFixed(1)} s (seed ${CI_SEED})`);
  });

  for (const target of TARGETS) {
    it(`${target.name}: ${CI_RUNS[target.name]} cases`, () => {
      const outcome = runTarget(target, { seed: CI_SEED, numRuns: CI_RUNS[target.name] });
      totals.cases += outcome.cases;
      totals.milliseconds += outcome.milliseconds;
      console.log(`      ${outcome.cases} cases in ${(outcome.milliseconds / 1000).toFixed(1)} s`);
      if (outcome.failure) {
        assert.fail(
          `${outcome.failure.error}\n\nseed ${outcome.seed}, path ${outcome.failure.path}; shrunk input:\n${describeFixture(outcome.failure.fixture)}\n\n` +
            `Run \`npm run fuzz -- --seed=${outcome.seed} --target=${target.name} --runs=${CI_RUNS[target.name]}\` to write it as a regression fixture.`,
        );
      }
      assert.equal(outcome.cases, CI_RUNS[target.name]);
    });
  }
});

describe('fuzz regressions (test/fixtures/fuzz-regressions)', () => {
  const files = regressionFixtureFiles();

  it('has fixtures to replay', () => {
    assert.ok(files.length > 0);
  });

  for (const file of files) {
    it(`replays ${path.basename(file)}`, () => {
      const fixture = readFixture(file);
      replayFixture(fixture);
    });
  }
});
