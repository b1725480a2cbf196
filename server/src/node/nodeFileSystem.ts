/**
 * The FileSystemHost backed by node:fs: read-only, synchronous, and tolerant of every error.
 * Text must be valid UTF-8: a file that is not (a binary file, or one saved in another encoding)
 * is not read at all, and `readError` says why, so the user sees a clear `file-unreadable`
 * diagnostic instead of diagnostics computed on replacement characters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntryKind, FileSystemHost } from '../languageservice/workspace/host';

/** Larger files are not read at all; the size-limit diagnostic covers dossiers up to far less. */
const MAX_READ_BYTES = 64 * 1024 * 1024;
/** Strict UTF-8: invalid bytes throw instead of becoming U+FFFD. A leading BOM is dropped. */
const decoder = new TextDecoder('utf-8', { fatal: true });

type ReadOutcome = { text: string } | { error: string } | undefined;

function read(file: string): ReadOutcome {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined; // missing: not an error to report, the caller says "does not exist"
  }
  if (!stat.isFile()) return undefined;
  if (stat.size > MAX_READ_BYTES) return { error: `is larger than ${MAX_READ_BYTES / (1024 * 1024)} MB` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'EACCES' || code === 'EPERM' ? 'cannot be read: permission denied' : `cannot be read (${code ?? 'unknown error'})` };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: 'is not valid UTF-8 text (is it a binary file, or saved in another encoding?)' };
  }
}

export const nodeFileSystem: FileSystemHost = {
  readText(file) {
    const outcome = read(file);
    return outcome && 'text' in outcome ? outcome.text : undefined;
  },
  readError(file) {
    // Only asked after readText failed, so reading again costs nothing in the common case.
    const outcome = read(file);
    return outcome && 'error' in outcome ? outcome.error : undefined;
  },
  kind(file): EntryKind | undefined {
    try {
      const stat = fs.statSync(file);
      return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  },
  realPath(file) {
    try {
      return fs.realpathSync(file);
    } catch {
      return undefined;
    }
  },
  list(folder) {
    try {
      return fs
        .readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isFile() || entry.isDirectory())
        .map((entry) => ({ name: entry.name, kind: entry.isDirectory() ? ('directory' as const) : ('file' as const) }));
    } catch {
      return [];
    }
  },
};

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
export const MARKDOWN_FILE = /\.(md|markdown)$/i;

/** Markdown files under a folder, sorted, skipping dependency and VCS folders and hidden ones. */
export function findMarkdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') && entry.name !== '.') continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (entry.isFile() && MARKDOWN_FILE.test(entry.name)) found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

/** The workspace a file belongs to for the CLI: the nearest folder with a config file or a git checkout. */
export function cliWorkspaceRoot(file: string, cwd: string): string {
  let folder = path.dirname(file);
  for (;;) {
    if (fs.existsSync(path.join(folder, '.hie-dossier.yaml')) || fs.existsSync(path.join(folder, '.git'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  const relative = path.relative(cwd, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative) ? cwd : path.dirname(file);
}
