/**
 * The real dossiers the fuzzers start from: every `index.md` under examples/ and the test
 * fixtures, each with the Markdown and configuration files of its folder so that parts and
 * evidence links resolve as they do on disk. Files are mapped into the in-memory workspace /ws.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

export interface SeedDossier {
  /** Where the seed comes from, relative to the repository (for messages and fixtures). */
  name: string;
  /** Workspace-relative path → text. The index is always `index.md`. */
  files: Record<string, string>;
}

/** Folders the fuzzers write to or generate into; their contents are not seeds. */
const NOT_SEEDS = [path.join('test', 'fixtures', 'fuzz-regressions'), path.join('test', 'fixtures', 'hostile')];
const SEED_ROOTS = ['examples', path.join('test', 'fixtures'), path.join('test', 'e2e', 'fixtures')];
const SKIPPED = new Set(['node_modules', '.git']);
/** Seeds larger than this would make the CI budget depend on whoever adds a big fixture. */
const MAX_SEED_CHARS = 200_000;

function walk(folder: string, visit: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(full, visit);
    else if (entry.isFile()) visit(full);
  }
}

function filesOfFolder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  walk(folder, (file) => {
    if (!/\.(md|markdown)$/i.test(file) && path.basename(file) !== '.hie-dossier.yaml') return;
    files[path.relative(folder, file).split(path.sep).join('/')] = fs.readFileSync(file, 'utf8');
  });
  return files;
}

let cached: SeedDossier[] | undefined;

/** Every seed dossier, in a stable order (so a fixed fuzz seed replays the same cases). */
export function seedDossiers(): SeedDossier[] {
  if (cached) return cached;
  const seeds: SeedDossier[] = [];
  for (const root of SEED_ROOTS) {
    walk(path.join(REPO_ROOT, root), (file) => {
      const relative = path.relative(REPO_ROOT, file);
      if (path.basename(file) !== 'index.md' || NOT_SEEDS.some((skip) => relative.startsWith(skip))) return;
      const files = filesOfFolder(path.dirname(file));
      if (Object.values(files).reduce((sum, text) => sum + text.length, 0) > MAX_SEED_CHARS) return;
      seeds.push({ name: relative.split(path.sep).join('/'), files });
    });
  }
  if (seeds.length === 0) throw new Error('No seed dossiers found under examples/ or test/fixtures/.');
  return (cached = seeds);
}
