/** A dossier: its index file and the part files its frontmatter lists. */
import type { FileSystemHost } from '../workspace/host';
import { isInside, resolveFrom } from '../workspace/paths';
import type { FileModel } from './fileModel';
import { fieldAt, scalarText, sequenceItems } from './frontmatterFields';
import type { OffsetRange } from './types';

export type PartProblem = 'not-a-path' | 'missing' | 'directory' | 'outside' | 'self' | 'duplicate' | 'unreadable';

export interface PartReference {
  /** The path as written in `parts`. */
  written: string | undefined;
  /** Range of the entry in the index's frontmatter. */
  range: OffsetRange;
  path?: string;
  file?: FileModel;
  problem?: PartProblem;
}

export interface Dossier {
  index: FileModel;
  parts: PartReference[];
  /** The index followed by every part that could be read. */
  files: FileModel[];
  /** Links and parts must stay inside this folder. */
  workspaceRoot: string;
  characteristics: ReadonlySet<string>;
}

/** Frontmatter flag such as `clinical-investigation: true`. */
export function frontmatterFlag(file: FileModel, path: string): boolean {
  const fm = file.parsed.frontmatter;
  if (!fm) return false;
  const field = fieldAt(fm, path.split('.'));
  return scalarText(field?.node) === 'true';
}

export function deviceCharacteristics(index: FileModel): Set<string> {
  const fm = index.parsed.frontmatter;
  const field = fm ? fieldAt(fm, ['device', 'characteristics']) : undefined;
  const items = fm && field ? sequenceItems(fm, field.node) : undefined;
  return new Set((items ?? []).map((item) => item.text).filter((text): text is string => text !== undefined));
}

/** Whether a path stays inside the workspace, symbolic links included. */
export function staysInside(host: FileSystemHost, root: string, path: string): boolean {
  if (!isInside(root, path)) return false;
  const real = host.realPath(path);
  if (real === undefined) return true;
  const realRoot = host.realPath(root) ?? root;
  return isInside(realRoot, real);
}

export function assembleDossier(
  index: FileModel,
  host: FileSystemHost,
  loadFile: (path: string) => FileModel | undefined,
  workspaceRoot: string,
): Dossier {
  const parts: PartReference[] = [];
  const fm = index.parsed.frontmatter;
  const field = fm ? fieldAt(fm, ['parts']) : undefined;
  const items = fm && field ? sequenceItems(fm, field.node) : undefined;
  const seen = new Set<string>([index.path]);
  for (const item of items ?? []) {
    const part: PartReference = { written: item.text, range: item.range };
    parts.push(part);
    if (!item.text || !item.text.trim()) {
      part.problem = 'not-a-path';
      continue;
    }
    const path = resolveFrom(index.path, item.text.trim());
    part.path = path;
    if (path === index.path) part.problem = 'self';
    else if (seen.has(path)) part.problem = 'duplicate';
    else if (!staysInside(host, workspaceRoot, path)) part.problem = 'outside';
    else {
      const kind = host.kind(path);
      if (kind === undefined) part.problem = 'missing';
      else if (kind === 'directory') part.problem = 'directory';
      else {
        const file = loadFile(path);
        if (file) part.file = file;
        else part.problem = 'unreadable';
      }
    }
    seen.add(path);
  }
  const files = [index, ...parts.flatMap((part) => (part.file ? [part.file] : []))];
  return { index, parts, files, workspaceRoot, characteristics: deviceCharacteristics(index) };
}
