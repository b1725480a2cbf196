/**
 * `evidence-link-broken`: offer the existing files (for a missing file) or headings (for a missing
 * anchor) closest to what the link names: by edit distance, files in the target's own folder first.
 * Only the link's destination text changes.
 */
import * as path from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { LinkModel } from '../../model/types';
import { MARKDOWN_PATH, parseLinkDestination } from '../../workspace/linkDestination';
import { createLinkResolver } from '../../workspace/linkResolver';
import { isInside, relativePath } from '../../workspace/paths';
import type { FixContext, FixProposal, FixProvider } from './types';

const MAX_SUGGESTIONS = 3;
const MAX_FILES_SCANNED = 2000;
const MAX_DEPTH = 4;
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);

/** A relative path written as a link destination: spaces and parentheses percent-encoded. */
function encodePath(relative: string): string {
  return encodeURI(relative).replace(/[()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Files below `folder` (a few levels deep, bounded), skipping hidden and dependency folders. */
function filesBelow(context: FixContext, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of context.service.fileSystem.list(dir).sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= MAX_FILES_SCANNED || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.kind === 'file') found.push(full);
      else if (depth < MAX_DEPTH && !SKIPPED.has(entry.name)) walk(full, depth + 1);
    }
  };
  walk(folder, 0);
  return found;
}

/** The nearest existing folder at or above `folder`, not above the workspace root. */
function existingFolder(context: FixContext, folder: string, root: string): string {
  let current = folder;
  while (current !== root && isInside(root, current) && context.service.fileSystem.kind(current) !== 'directory') current = path.dirname(current);
  return isInside(root, current) ? current : root;
}

/** Slugs of a file's headings closest to `anchor`, with the heading text for the title. */
function nearestHeadings(context: FixContext, target: string, anchor: string): { slug: string; text: string }[] {
  const model = context.fileModel(target);
  if (!model) return [];
  const limit = Math.max(3, Math.floor(anchor.length / 2));
  return model.slugs
    .map((slug, i) => ({ slug, text: model.headings[i]!.text, d: distance(anchor.toLowerCase(), slug) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ slug, text }) => ({ slug, text }));
}

function linkAt(context: FixContext, start: number, end: number): LinkModel | undefined {
  return context.file.links.find((link) => link.urlRange.start === start && link.urlRange.end === end && link.kind !== 'reference');
}

export const evidenceLinkFixes: FixProvider = (context, diagnostic) => {
  const link = linkAt(context, diagnostic.range.start, diagnostic.range.end);
  if (!link) return [];
  const written = context.file.text.slice(link.urlRange.start, link.urlRange.end);
  const root = context.service.workspaceRootOf(context.path);
  const resolver = createLinkResolver(
    context.service.fileSystem,
    root,
    (target) => context.fileModel(target)?.slugs,
    (target) => context.service.isOpen(target),
  );
  const status = resolver.check(context.file, link.url);
  const destination = parseLinkDestination(written);
  if (!destination) return [];
  const { writtenPath, anchor } = destination;
  const replaceWith = (destination: string, title: string, id: string): FixProposal => ({
    id,
    title,
    edits: () => [{ path: context.path, range: link.urlRange, text: destination }],
  });

  if (status.kind === 'missing-anchor') {
    return nearestHeadings(context, status.path, status.anchor).map(({ slug, text }) =>
      replaceWith(`${writtenPath}#${slug}`, `Link to the heading "${text}" (#${slug})`, `anchor:${slug}`),
    );
  }
  if (status.kind !== 'missing-file') return [];

  const from = path.dirname(context.path);
  const wanted = destination.path.replace(/^\.\//, '');
  const targetFolder = path.dirname(status.path);
  const limit = Math.max(3, Math.floor(wanted.length / 2));
  const candidates = filesBelow(context, existingFolder(context, targetFolder, root))
    .filter((file) => file !== context.path && isInside(root, file))
    .map((file) => {
      const relative = relativePath(from, file);
      return { file, relative, d: distance(wanted.toLowerCase(), relative.toLowerCase()), sameFolder: path.dirname(file) === targetFolder };
    })
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || Number(b.sameFolder) - Number(a.sameFolder) || a.relative.localeCompare(b.relative))
    .slice(0, MAX_SUGGESTIONS);
  return candidates.map(({ file, relative }) => {
    let suffix = '';
    if (anchor) {
      // Keep the anchor when the new file has that heading; else the nearest heading, else none.
      const slugs = MARKDOWN_PATH.test(file) ? context.fileModel(file)?.slugs : undefined;
      if (!slugs || slugs.includes(anchor) || slugs.includes(anchor.toLowerCase())) suffix = written.slice(written.indexOf('#'));
      else {
        const nearest = nearestHeadings(context, file, anchor)[0];
        if (nearest) suffix = `#${nearest.slug}`;
      }
    }
    const destination = encodePath(relative) + suffix;
    return replaceWith(destination, `Change the link to ${destination}`, `file:${destination}`);
  });
};
