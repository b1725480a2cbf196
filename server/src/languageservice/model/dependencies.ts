/** Files whose creation, change or deletion can change a dossier's diagnostics. */
import { resolveFrom } from '../workspace/paths';
import type { Dossier } from './dossier';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function dossierDependencies(dossier: Dossier): Set<string> {
  const paths = new Set<string>();
  for (const part of dossier.parts) if (part.path) paths.add(part.path);
  for (const file of dossier.files) {
    paths.add(file.path);
    for (const link of file.links) {
      const url = link.url.trim();
      if (!url || SCHEME.test(url) || url.startsWith('//') || url.startsWith('#')) continue;
      let relative = url.replace(/[?#].*$/, '');
      try {
        relative = decodeURIComponent(relative);
      } catch {
        // keep the raw path
      }
      paths.add(resolveFrom(file.path, relative));
    }
  }
  return paths;
}
