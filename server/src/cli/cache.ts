/**
 * `check --cache`: a content-hash cache like ESLint's `.eslintcache`. For every file it checks,
 * the CLI records what the check asked the file system (each file's text, as a hash; whether
 * paths exist; where links lead) and keeps the diagnostics. The next run re-checks a file only
 * when one of those answers changed: the dossier's own text, a part, an evidence file or one of
 * its headings, the configuration, a team catalogue file, or a link target that appeared. The
 * whole cache is dropped when the tool version, the built-in catalogue or the options differ.
 * Nothing is written unless --cache is given.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalogue } from '../../../shared/src/catalogue-types';
import type { DossierDiagnostic } from '../languageservice/service';
import type { EntryKind, FileSystemHost } from '../languageservice/workspace/host';

export const DEFAULT_CACHE_FILE = '.hie-dossier-cache';
/** Bumped when the file's layout changes. */
const CACHE_FORMAT = 1;

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** One question the check asked the file system, and the answer it got (texts as hashes). */
export type Observation =
  | { q: 'text'; path: string; a: string | null }
  | { q: 'kind'; path: string; a: EntryKind | null }
  | { q: 'real'; path: string; a: string | null }
  | { q: 'list'; path: string; a: string }
  | { q: 'error'; path: string; a: string | null };

function listingSignature(entries: { name: string; kind: EntryKind }[]): string {
  return hashText(entries.map((entry) => `${entry.kind}:${entry.name}`).join('\n'));
}

/** The answer the file system gives now to the question of an observation. */
function answerNow(host: FileSystemHost, observation: Observation): string | null {
  switch (observation.q) {
    case 'text': {
      const text = host.readText(observation.path);
      return text === undefined ? null : hashText(text);
    }
    case 'kind':
      return host.kind(observation.path) ?? null;
    case 'real':
      return host.realPath(observation.path) ?? null;
    case 'list':
      return listingSignature(host.list(observation.path));
    case 'error':
      return host.readError?.(observation.path) ?? null;
  }
}

/**
 * A FileSystemHost that notes every question asked while `record` runs. The service asks the
 * host for everything a check depends on (it never reads the disk another way), so the notes
 * are the complete list of what can change a file's diagnostics.
 */
export class RecordingHost implements FileSystemHost {
  private notes: Map<string, Observation> | undefined;
  readError?: (path: string) => string | undefined;

  constructor(private readonly host: FileSystemHost) {
    if (host.readError) {
      this.readError = (file) => {
        const error = host.readError!(file);
        this.note({ q: 'error', path: file, a: error ?? null });
        return error;
      };
    }
  }

  record<T>(run: () => T): { value: T; observations: Observation[] } {
    const outer = this.notes;
    this.notes = new Map();
    try {
      const value = run();
      return { value, observations: [...this.notes.values()] };
    } finally {
      this.notes = outer;
    }
  }

  private note(observation: Observation): void {
    this.notes?.set(`${observation.q}\u0000${observation.path}`, observation);
  }

  readText(file: string): string | undefined {
    const text = this.host.readText(file);
    this.note({ q: 'text', path: file, a: text === undefined ? null : hashText(text) });
    return text;
  }

  kind(file: string): EntryKind | undefined {
    const kind = this.host.kind(file);
    this.note({ q: 'kind', path: file, a: kind ?? null });
    return kind;
  }

  realPath(file: string): string | undefined {
    const real = this.host.realPath(file);
    this.note({ q: 'real', path: file, a: real ?? null });
    return real;
  }

  list(folder: string): { name: string; kind: EntryKind }[] {
    const entries = this.host.list(folder);
    this.note({ q: 'list', path: folder, a: listingSignature(entries) });
    return entries;
  }
}

/** What checking one file gave: the diagnostics per reported file, in the order the check gave them. */
export interface FileResult {
  diagnostics: [string, DossierDiagnostic[]][];
  observations: Observation[];
  /** The workspace root the file was checked against (it depends on where .git and the config are). */
  root: string;
}

interface CacheFile {
  format: number;
  /** Tool version, catalogue hash and options: any change drops every entry. */
  key: string;
  entries: Record<string, FileResult>;
  /**
   * The built-in catalogue as loaded and validated (the key holds a hash of its files), so a run
   * with little to re-check does not parse and validate the YAML again.
   */
  catalogue?: Catalogue;
}

export class CheckCache {
  private readonly entries = new Map<string, FileResult>();
  /** The loaded catalogue, kept with the results (see CacheFile.catalogue). */
  catalogue: Catalogue | undefined;

  private constructor(
    readonly location: string,
    private readonly key: string,
  ) {}

  /** Reads the cache file; a missing, unreadable or outdated one gives an empty cache. */
  static load(location: string, key: string): CheckCache {
    const cache = new CheckCache(location, key);
    try {
      const stored = JSON.parse(fs.readFileSync(location, 'utf8')) as Partial<CacheFile>;
      if (stored.format === CACHE_FORMAT && stored.key === key && stored.entries && typeof stored.entries === 'object') {
        for (const [file, result] of Object.entries(stored.entries)) cache.entries.set(file, result);
        cache.catalogue = stored.catalogue;
      }
    } catch {
      // No cache yet, or one we cannot use: every file is checked.
    }
    return cache;
  }

  /** The stored result of `file`, if every answer it was built on is still the same. */
  validResult(file: string, root: string, host: FileSystemHost): FileResult | undefined {
    const entry = this.entries.get(file);
    if (!entry || entry.root !== root) return undefined;
    for (const observation of entry.observations) if (answerNow(host, observation) !== observation.a) return undefined;
    return entry;
  }

  set(file: string, result: FileResult): void {
    this.entries.set(file, result);
  }

  /** Keeps only the given files (others were deleted or are no longer checked), then writes the file. */
  save(keep: Iterable<string>): void {
    const kept = new Set(keep);
    const entries: Record<string, FileResult> = {};
    for (const [file, result] of this.entries) if (kept.has(file)) entries[file] = result;
    const stored: CacheFile = { format: CACHE_FORMAT, key: this.key, entries, ...(this.catalogue ? { catalogue: this.catalogue } : {}) };
    const temporary = `${this.location}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(stored));
    fs.renameSync(temporary, this.location);
  }
}

/** The cache key: what, besides the files, decides the diagnostics. */
export function cacheKey(parts: { version: string; catalogueDirectory: string; options: unknown }): string {
  const catalogue = createHash('sha1');
  for (const name of fs.readdirSync(parts.catalogueDirectory).sort()) {
    const file = path.join(parts.catalogueDirectory, name);
    if (fs.statSync(file).isFile()) catalogue.update(name).update(fs.readFileSync(file));
  }
  return hashText(JSON.stringify({ version: parts.version, catalogue: catalogue.digest('base64'), options: parts.options }));
}

/** `--cache-location`: a file, or a folder to put `.hie-dossier-cache` in. */
export function resolveCacheLocation(cwd: string, given: string | undefined): string {
  if (given === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const full = path.resolve(cwd, given);
  try {
    if (fs.statSync(full).isDirectory()) return path.join(full, DEFAULT_CACHE_FILE);
  } catch {
    // not there yet: a file
  }
  return full;
}
