/**
 * Shared by the outputs tests: the example dossiers checked on the real file system, golden
 * files (rewritten only with UPDATE_GOLDEN=1), and a small RFC 4180 CSV reader to read outputs
 * back independently of the writer.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dossier } from '../../server/src/languageservice/model/dossier';
import type { DossierDiagnostic, DossierService } from '../../server/src/languageservice/service';
import { createNodeService } from '../../server/src/node/createService';
import { cliWorkspaceRoot } from '../../server/src/node/nodeFileSystem';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');
export const ESCAPING_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'outputs', 'escaping', 'index.md');
const GOLDEN = path.join(REPO_ROOT, 'test', 'fixtures', 'golden');

export const EXAMPLE_INDEXES = {
  gentamicin: path.join(EXAMPLES, 'gentamicin-calculator', 'index.md'),
  muCheck: path.join(EXAMPLES, 'mu-check', 'index.md'),
  thumbSplint: path.join(EXAMPLES, 'thumb-splint', 'index.md'),
};

let shared: DossierService | undefined;
export function repoService(): DossierService {
  return (shared ??= createNodeService((file) => cliWorkspaceRoot(file, REPO_ROOT)));
}

export interface Checked {
  dossier: Dossier;
  diagnostics: DossierDiagnostic[];
}

export function checked(index: string): Checked {
  const result = repoService().check(index);
  assert.ok(result.dossier, `${index} is a dossier`);
  return { dossier: result.dossier, diagnostics: [...result.diagnostics.values()].flat() };
}

/** Paths as the CLI shows them when run from the repository root. */
export const fromRepo = (file: string): string => path.relative(REPO_ROOT, file).split(path.sep).join('/');

export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `golden file ${name} is missing: run the tests with UPDATE_GOLDEN=1 once and review it`);
  // Line ends are compared loosely: a checkout may turn the CSV's CRLF into LF (CRLF itself is tested elsewhere).
  const lf = (text: string): string => text.replace(/\r\n/g, '\n');
  assert.equal(lf(actual), lf(fs.readFileSync(file, 'utf8')), `output differs from golden file ${name} (if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff)`);
}

/** Reads RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF records). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      // The \n that follows ends the record.
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Frontmatter of a Markdown file, parsed independently of the language service. */
export async function frontmatterOf(file: string): Promise<Record<string, unknown>> {
  const { parse } = await import('yaml');
  const text = fs.readFileSync(file, 'utf8');
  const match = /^\uFEFF?---\r?\n([^]*?)\r?\n---\r?\n/.exec(text);
  assert.ok(match, `${file} has frontmatter`);
  return parse(match[1]!) as Record<string, unknown>;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
