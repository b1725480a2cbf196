import type { Rule } from './rule';

export const evidenceLinkBroken: Rule = {
  id: 'evidence-link-broken',
  defaultSeverity: 'error',
  description: 'A relative link whose file or heading anchor does not exist, or that leaves the workspace.',
  dependsOn: ['links'],
  check({ dossier, links }) {
    return dossier.files.flatMap((file) =>
      file.links.flatMap((link) => {
        const status = links.check(file, link.url);
        switch (status.kind) {
          case 'ok':
          case 'external':
            return [];
          case 'missing-file':
            return [{ file, range: link.urlRange, message: `Link target \`${link.url}\` does not exist: correct the path or add the evidence file.` }];
          case 'missing-anchor':
            return [{ file, range: link.urlRange, message: `No heading with the anchor \`#${status.anchor}\` in ${status.path.split(/[\\/]/).pop()}: correct the anchor or add the heading.` }];
          case 'outside':
            return [{ file, range: link.urlRange, message: `Link target \`${link.url}\` leaves the workspace: keep evidence inside the dossier's repository.` }];
        }
      }),
    );
  },
};
