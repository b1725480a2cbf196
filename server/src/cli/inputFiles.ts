/** The Markdown files a CLI command works on, from the paths it was given. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMarkdownFiles, MARKDOWN_FILE } from '../node/nodeFileSystem';
import { UsageError } from './io';

/** Markdown files named by the paths (folders searched recursively), sorted and without repeats. */
export function collectMarkdownFiles(paths: readonly string[], cwd: string): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new UsageError(`No such file or folder: ${given}`);
    }
    if (stat.isDirectory()) for (const file of findMarkdownFiles(full)) files.add(file);
    else if (stat.isFile() || MARKDOWN_FILE.test(full)) files.add(full);
  }
  return [...files].sort();
}
