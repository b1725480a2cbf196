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

/** Collects the garbage of the previous measurement, so that no measurement pays for another's (needs --expose-gc). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Runs each measurement `repeat` times, interleaved so that a noisy neighbour affects all three
 * alike, after one untimed round that warms the JIT up.
 */
export function measureCold(folder: string, repeat: number): ColdFigures {
  const index = path.join(folder, 'index.md');
  const service = createNodeService(() => folder);
  const text = service.textOf(index)!;
  const checks: number[] = [];
  const parses: number[] = [];
  const lints: number[] = [];
  let diagnostics = 0;
  for (let round = 0; round <= repeat; round++) {
    const fresh = createNodeService(() => folder);
    let found = 0;
    collectGarbage();
    const check = time(() => {
      found = [...fresh.check(index).diagnostics.values()].reduce((sum, list) => sum + list.length, 0);
    });
    collectGarbage();
    const parse = time(() => bareProcessor.parse(text));
    collectGarbage();
    const linted = time(() => lint({ strings: { [index]: text } }));
    if (round === 0) continue;
    checks.push(check);
    parses.push(parse);
    lints.push(linted);
    diagnostics = found;
  }
  return { coldCheck: median(checks), bareParse: median(parses), markdownlint: median(lints), diagnostics };
}
