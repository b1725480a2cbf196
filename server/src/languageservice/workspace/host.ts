/**
 * The file system as the language service sees it. The server and the CLI inject an
 * implementation backed by node:fs; tests inject an in-memory one. The service never
 * touches the disk any other way, never writes, and never reaches the network.
 */
export type EntryKind = 'file' | 'directory';

export interface FileSystemHost {
  /** The file's text, or undefined when it does not exist, is a folder, or cannot be read. */
  readText(path: string): string | undefined;
  kind(path: string): EntryKind | undefined;
  /** The path with symbolic links resolved, or undefined when it does not exist. */
  realPath(path: string): string | undefined;
  /** File names in a folder (for completions of paths), or [] when it cannot be listed. */
  list(path: string): { name: string; kind: EntryKind }[];
  /**
   * Why `readText` gives nothing for a file that exists (not valid UTF-8, no permission, too
   * large), worded to follow the file's name; undefined when it can be read or does not exist.
   */
  readError?(path: string): string | undefined;
}
