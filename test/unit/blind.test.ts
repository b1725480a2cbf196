/**
 * Dossiers written from the format page alone (test/fixtures/blind): every planted defect must
 * be found where the fixture says, and (when `exhaustive`) nothing else at error or warning level.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeService } from '../../server/src/node/createService';
import { findMarkdownFiles } from '../../server/src/node/nodeFileSystem';
import type { DossierDiagnostic } from '../../server/src/languageservice/service';

const BLIND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'blind');

interface Expected {
  rule: string;
  target?: string | null;
  file: string;
  line: number | null;
}

function checkFolder(folder: string): DossierDiagnostic[] {
  const service = createNodeService(() => folder);
  const byFile = new Map<string, DossierDiagnostic[]>();
  for (const file of findMarkdownFiles(folder)) {
    for (const [reported, list] of service.check(file).diagnostics) if (list.length || !byFile.has(reported)) byFile.set(reported, list);
  }
  return [...byFile.values()].flat();
}

const describeLine = (d: DossierDiagnostic, folder: string): string => `${path.relative(folder, d.path)}:${d.range.start.line + 1} ${d.rule} ${d.target ?? ''} ${d.message}`;

describe('blind fixtures (written from the format page only)', () => {
  const folders = fs.existsSync(BLIND) ? fs.readdirSync(BLIND).filter((name) => fs.existsSync(path.join(BLIND, name, 'expected.json'))).sort() : [];

  it('exist', () => assert.ok(folders.length >= 6, `found ${folders.length} fixtures in ${BLIND}`));

  for (const name of folders) {
    it(name, () => {
      const folder = path.join(BLIND, name);
      const spec = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as { expected: Expected[]; exhaustive?: boolean };
      const found = checkFolder(folder).filter((d) => d.severity === 'error' || d.severity === 'warning');
      const unmatched = [...found];
      const missing: Expected[] = [];
      for (const expected of spec.expected) {
        const at = unmatched.findIndex(
          (d) =>
            d.rule === expected.rule &&
            path.relative(folder, d.path) === expected.file &&
            (expected.line === null || d.range.start.line + 1 === expected.line) &&
            (expected.target === undefined || expected.target === null || d.target === expected.target),
        );
        if (at < 0) missing.push(expected);
        else unmatched.splice(at, 1);
      }
      const report = `\nmissing: ${JSON.stringify(missing)}\nunexpected:\n${unmatched.map((d) => describeLine(d, folder)).join('\n')}`;
      assert.deepEqual(missing, [], report);
      if (spec.exhaustive) assert.deepEqual(unmatched.map((d) => describeLine(d, folder)), [], report);
    });
  }
});
