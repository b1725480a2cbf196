/** LSP wiring for completion; the logic lives in ../languageservice/features. */
import { fixContext } from '../languageservice/features/codeActions';
import { sectionSnippetLines } from '../languageservice/features/codeActions/sections';
import { completionsAt } from '../languageservice/features/completion';
import type { DossierService } from '../languageservice/service';
import { settingsTemplateFolders } from '../languageservice/templates/templateLibrary';
import type { FeatureRegistrar, ServerContext } from './context';
import { answerWith } from './navigation';

/**
 * Where a completion is useful right after a character: a table cell (`|`, space), a heading
 * (`#`), a link destination (`(`, `/`, `#`), a frontmatter value (`:`, space, `[`, `,`) and a rule
 * list in a suppression comment (space, `,`).
 */
export const COMPLETION_TRIGGERS = ['|', '#', '(', '/', '[', ',', ':', ' '];

/**
 * A completed heading inserts the same section as the section-missing quick fix: the team's
 * template (settings and `.hie-dossier.yaml` folders) before the built-in one.
 */
function sectionSnippetFor(context: ServerContext, service: DossierService, path: string): (sectionId: string, depth: number) => string | undefined {
  let fixes: ReturnType<typeof fixContext> | null = null;
  return (sectionId, depth) => {
    fixes ??= fixContext(service, path, { templateFolders: settingsTemplateFolders(context.settings().templateFolders, service.workspaceRootOf(path)) });
    const spec = fixes?.catalogue.sections.get(sectionId);
    return fixes && spec ? sectionSnippetLines(fixes, spec, depth).join('\n') : undefined;
  };
}

export const registerCompletion: FeatureRegistrar = (context) => {
  // The server core does not pass the client's capabilities on; every editor this extension
  // targets inserts snippets, so completions use them.
  context.connection.onCompletion((params) =>
    answerWith(context, params.textDocument.uri, null, (feature) =>
      completionsAt(feature, params.position, { snippetSupport: true, sectionSnippet: sectionSnippetFor(context, context.service(), feature.file.path) }),
    ),
  );
  return { completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false } };
};
