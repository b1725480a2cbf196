/** Path arithmetic for dossier links and parts, POSIX-style whatever the platform. */
import * as path from 'node:path';

export function resolveFrom(fromFile: string, relative: string): string {
  return path.resolve(path.dirname(fromFile), relative);
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
