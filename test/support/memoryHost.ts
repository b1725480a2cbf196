/** An in-memory file system for unit tests of the language service. */
import * as path from 'node:path';
import type { EntryKind, FileSystemHost } from '../../server/src/languageservice/workspace/host';

export class MemoryHost implements FileSystemHost {
  readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(files)) this.files.set(path.resolve(file), text);
  }

  write(file: string, text: string): void {
    this.files.set(path.resolve(file), text);
  }

  delete(file: string): void {
    this.files.delete(path.resolve(file));
  }

  readText(file: string): string | undefined {
    return this.files.get(file);
  }

  kind(file: string): EntryKind | undefined {
    if (this.files.has(file)) return 'file';
    const prefix = file.endsWith(path.sep) ? file : file + path.sep;
    for (const name of this.files.keys()) if (name.startsWith(prefix)) return 'directory';
    return undefined;
  }

  realPath(file: string): string | undefined {
    return this.kind(file) ? file : undefined;
  }

  list(folder: string): { name: string; kind: EntryKind }[] {
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    const entries = new Map<string, EntryKind>();
    for (const name of this.files.keys()) {
      if (!name.startsWith(prefix)) continue;
      const [first, ...rest] = name.slice(prefix.length).split(path.sep);
      entries.set(first!, rest.length > 0 ? 'directory' : 'file');
    }
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }
}
