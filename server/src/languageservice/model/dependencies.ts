/** Files whose creation, change or deletion can change a dossier's diagnostics. */
import { linkedFile, parseLinkDestination } from '../workspace/linkDestination';
import type { Dossier } from './dossier';

export function dossierDependencies(dossier: Dossier): Set<string> {
  const paths = new Set<string>();
  for (const part of dossier.parts) if (part.path) paths.add(part.path);
  for (const file of dossier.files) {
    paths.add(file.path);
    for (const link of file.links) {
      const destination = parseLinkDestination(link.url);
      if (destination && destination.path !== '') paths.add(linkedFile(file.path, destination, dossier.workspaceRoot));
    }
  }
  return paths;
}
