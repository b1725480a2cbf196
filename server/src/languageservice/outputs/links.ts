/**
 * Links in an output point where the reader opens it: a relative evidence link written in
 * `devices/pump/index.md` as `evidence/risk.md#hazards` becomes `devices/pump/evidence/risk.md#hazards`
 * in a report written to the repository root.
 */
import * as path from 'node:path';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A function that rewrites a link found in `fromFile` for an output read from `baseDirectory`. */
export type LinkRebaser = (fromFile: string, url: string) => string;

export const keepLinks: LinkRebaser = (_fromFile, url) => url;

export function rebaseLinks(baseDirectory: string): LinkRebaser {
  return (fromFile, url) => {
    const trimmed = url.trim();
    if (HAS_SCHEME.test(trimmed) || trimmed.startsWith('//') || trimmed.startsWith('/')) return trimmed;
    const hashAt = trimmed.indexOf('#');
    const target = hashAt >= 0 ? trimmed.slice(0, hashAt) : trimmed;
    const fragment = hashAt >= 0 ? trimmed.slice(hashAt) : '';
    let decoded = target;
    try {
      decoded = decodeURI(target);
    } catch {
      // A malformed escape: use the link as written.
    }
    const absolute = decoded === '' ? fromFile : path.resolve(path.dirname(fromFile), decoded);
    const relative = path.relative(baseDirectory, absolute).split(path.sep).join('/');
    return `${encodeURI(relative || '.')}${fragment}`;
  };
}
