/**
 * In-process measurements on the same text: a cold full check (a service that has parsed
 * nothing), the bare parse that check is built on (unified + remark-parse + remark-gfm +
 * remark-frontmatter, as markdownlint users know it), and markdownlint's default rules.
 */
import * as path from 'node:path';
import { lint } from 'markdownlint/sync';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { createNodeService } from '../../server/src/node/createService';
import { median, time } from './stats';

export interface ColdFigures {
  /** Median milliseconds of each. */
  coldCheck: number;
  bareParse: number;
  markdownlint: number;
  /** How many diagnostics the check found (so a broken generator shows). */
  diagnostics: number;
}

const bareProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Runs each measurement `repeat` times after one untimed round that warms the JIT up. Rounds
 * are interleaved (a noisy neighbour then affects all three alike) and the order within a round
 * rotates, so that no measurement always pays for the garbage the one before it left.
 */
export function measureCold(folder: string, repeat: number): ColdFigures {
  const index = path.join(folder, 'index.md');
  const text = createNodeService(() => folder).textOf(index)!;
  const times = { check: [] as number[], parse: [] as number[], lint: [] as number[] };
  let diagnostics = 0;
  const measurements: [keyof typeof times, () => void][] = [
    [
      'check',
      () => {
        // A new service has parsed nothing: this is the check of a file just opened.
        const fresh = createNodeService(() => folder);
        const started = performance.now();
        const result = fresh.check(index);
        times.check.push(performance.now() - started);
        diagnostics = [...result.diagnostics.values()].reduce((sum, list) => sum + list.length, 0);
      },
    ],
    ['parse', () => times.parse.push(time(() => bareProcessor.parse(text)))],
    ['lint', () => times.lint.push(time(() => lint({ strings: { [index]: text } })))],
  ];
  for (let round = 0; round <= repeat; round++) {
    for (let i = 0; i < measurements.length; i++) measurements[(round + i) % measurements.length]![1]();
    if (round === 0) for (const list of Object.values(times)) list.length = 0;
  }
  return { coldCheck: median(times.check), bareParse: median(times.parse), markdownlint: median(times.lint), diagnostics };
}
