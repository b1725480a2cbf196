/**
 * What the fuzzers run: each target pairs a generator with a property. The CI suite runs them
 * with a fixed seed and a small budget, `npm run fuzz` with a random seed and a long one. A
 * failure is shrunk by fast-check and can be written as a regression fixture, which the unit
 * suite replays for ever after.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { documentCase, editSequenceCase, mutatedDossierCase, type DocumentCase, type EditCase, type WorkspaceFiles } from './generators';
import { REGRESSION_FOLDER } from './paths';
import { documentProperty, editSequenceProperty } from './properties';
import { codeActionProperty } from './codeActionProperty';

export type PropertyName = 'document' | 'edit-sequence' | 'quick-fixes';

/** A shrunk failing input, stored as JSON under test/fixtures/fuzz-regressions/. */
export interface RegressionFixture {
  property: PropertyName;
  /** Which target found it, with which seed, and what went wrong at the time. */
  foundBy: { target: string; seed: number; path: string; error: string };
  files: WorkspaceFiles;
  /** For edit sequences: the successive texts of index.md. */
  texts?: string[];
  /** For quick fixes: which diagnostic the fixes were asked for first. */
  pick?: number;
}

interface FuzzTarget<T> {
  name: string;
  property: PropertyName;
  arbitrary: fc.Arbitrary<T>;
  check(value: T): void;
  toFixture(value: T): Pick<RegressionFixture, 'files' | 'texts' | 'pick'>;
}

const documentTarget = (name: string, arbitrary: fc.Arbitrary<DocumentCase>): FuzzTarget<DocumentCase> => ({
  name,
  property: 'document',
  arbitrary,
  check: documentProperty,
  toFixture: (value) => ({ files: value.files }),
});

export const TARGETS = [
  documentTarget('arbitrary-markdown', documentCase),
  documentTarget('mutated-dossiers', mutatedDossierCase),
  {
    name: 'edit-sequences',
    property: 'edit-sequence',
    arbitrary: editSequenceCase,
    check: editSequenceProperty,
    toFixture: (value: EditCase) => ({ files: value.files, texts: value.texts }),
  } satisfies FuzzTarget<EditCase>,
  {
    name: 'quick-fixes',
    property: 'quick-fixes',
    arbitrary: fc.record({ document: fc.oneof(documentCase, mutatedDossierCase), pick: fc.nat() }),
    check: ({ document, pick }: { document: DocumentCase; pick: number }) => codeActionProperty(document, pick),
    toFixture: ({ document, pick }: { document: DocumentCase; pick: number }) => ({ files: document.files, pick }),
  } satisfies FuzzTarget<{ document: DocumentCase; pick: number }>,
] as const;

export type TargetName = (typeof TARGETS)[number]['name'];

export interface TargetOutcome {
  target: string;
  /** Cases generated and checked (up to and including a failing one). */
  cases: number;
  milliseconds: number;
  seed: number;
  failure?: { path: string; error: string; fixture: RegressionFixture };
}

export interface RunOptions {
  seed: number;
  numRuns: number;
  /** Stop generating after this long (the cases run so far count as a pass). */
  timeLimitMs?: number;
}

function firstLines(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, 6).join('\n');
}

export function runTarget(target: (typeof TARGETS)[number], options: RunOptions): TargetOutcome {
  const started = performance.now();
  // Each target is typed on its own case; run it through a helper generic in that type.
  const details = runTyped(target as FuzzTarget<unknown>, options);
  const outcome: TargetOutcome = { target: target.name, cases: details.numRuns, milliseconds: performance.now() - started, seed: details.seed };
  if (details.failed && details.counterexample) {
    const [value] = details.counterexample;
    const error = firstLines(details.errorInstance);
    outcome.failure = {
      path: details.counterexamplePath ?? '',
      error,
      fixture: { property: target.property, foundBy: { target: target.name, seed: details.seed, path: details.counterexamplePath ?? '', error }, ...(target as FuzzTarget<unknown>).toFixture(value) },
    };
  }
  return outcome;
}

function runTyped<T>(target: FuzzTarget<T>, options: RunOptions): fc.RunDetails<[T]> {
  return fc.check(
    fc.property(target.arbitrary, (value) => {
      target.check(value);
    }),
    {
      seed: options.seed,
      numRuns: options.numRuns,
      ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
    },
  );
}

/** Runs a stored fixture through its property; throws as the property does. */
export function replayFixture(fixture: RegressionFixture): void {
  if (fixture.property === 'document') documentProperty({ files: fixture.files });
  else if (fixture.property === 'edit-sequence') {
    if (!fixture.texts || fixture.texts.length === 0) throw new Error('An edit-sequence fixture needs `texts`.');
    editSequenceProperty({ files: fixture.files, texts: fixture.texts });
  } else if (fixture.property === 'quick-fixes') codeActionProperty({ files: fixture.files }, fixture.pick ?? 0);
  else throw new Error(`Unknown property in fixture: ${String((fixture as { property: unknown }).property)}`);
}

export function regressionFixtureFiles(): string[] {
  if (!fs.existsSync(REGRESSION_FOLDER)) return [];
  return fs
    .readdirSync(REGRESSION_FOLDER)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(REGRESSION_FOLDER, name));
}

export function readFixture(file: string): RegressionFixture {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RegressionFixture;
}

/** Writes a failing case as a fixture (JSON escapes NULs and lone surrogates, so it survives as text). */
export function writeFixture(fixture: RegressionFixture): string {
  fs.mkdirSync(REGRESSION_FOLDER, { recursive: true });
  const file = path.join(REGRESSION_FOLDER, `${fixture.foundBy.target}-${fixture.foundBy.seed}.json`);
  fs.writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  return file;
}

const SHOWN_CHARS = 3000;

/** A text JSON-escaped (so NULs, CRs and lone surrogates are visible), its middle cut when long. */
function shown(text: string): string {
  if (text.length <= SHOWN_CHARS) return JSON.stringify(text);
  const half = SHOWN_CHARS / 2;
  return `${JSON.stringify(text.slice(0, half))} … (${text.length - SHOWN_CHARS} more characters: see the fixture) … ${JSON.stringify(text.slice(-half))}`;
}

/** The shrunk input for a terminal: index.md, the small files, and each text of an edit sequence. */
export function describeFixture(fixture: RegressionFixture): string {
  const lines = Object.entries(fixture.files)
    .filter(([name, text]) => name === 'index.md' || text.length < 400)
    .map(([name, text]) => `  ${name}: ${shown(text)}`);
  if (fixture.texts) lines.push(...fixture.texts.map((text, i) => `  texts[${i}]: ${shown(text)}`));
  if (fixture.pick !== undefined) lines.push(`  pick: ${fixture.pick}`);
  return lines.join('\n');
}
