/**
 * Fixes for sections: insert a missing section from the team's template (else the built-in one)
 * where the catalogue's order puts it (`section-missing`), and add a prompt line for a missing
 * element at the end of a section's text (`section-incomplete`). Both write placeholders only.
 */
import * as path from 'node:path';
import type { SectionElement, SectionSpec } from '../../../../../shared/src/catalogue-types';
import { sectionText, type FileModel, type SectionOccurrence } from '../../model/fileModel';
import { elementPresent } from '../../rules/sectionIncomplete';
import { escapeSnippetText, promptLead, snippetToPlain, templateToPlain, templateToSnippet } from '../../templates/snippetSyntax';
import { templateFor } from '../../templates/teamLibraries';
import { buildDeclaration, renderDeclarationSection } from '../../outputs/declaration';
import { asSnippetLines, newChecklistLines } from './checklist';
import { endOfSectionText, sectionPlacement } from './placement';
import { insertBlock } from './text';
import type { FileEdit, FixContext, FixProvider } from './types';

const ATX_HEADING = /^(#{1,6})([ \t]+.*|)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Indexes of the ATX heading lines of a template, skipping fenced code. */
function headingLines(lines: string[]): number[] {
  const found: number[] = [];
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const marker = FENCE.exec(line)?.[1];
    if (marker) {
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    } else if (fence === undefined && ATX_HEADING.test(line)) found.push(i);
  });
  return found;
}

/**
 * The section's lines in snippet syntax, at heading depth `depth`: the template's headings keep
 * their relative levels. A template without a heading that opens the section gets the
 * catalogue's heading, so that inserting it always makes the section present.
 */
export function sectionSnippetLines(context: FixContext, spec: SectionSpec, depth: number): string[] {
  let lines = templateFor(spec, context.library()).snippet.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  let headings = headingLines(lines);
  const opensSection = (i: number): boolean => context.catalogue.sectionMatcher.match(snippetToPlain(lines[i]!.replace(/^#+/, ''))) === spec.id;
  if (headings.length === 0 || !opensSection(headings[0]!)) {
    lines = [`# ${escapeSnippetText(spec.name)}`, ...(lines.length > 0 ? [''] : []), ...lines];
    headings = headingLines(lines);
  }
  const shift = depth - lines[headings[0]!]!.match(/^#+/)![0].length;
  for (const i of headings) {
    const level = Math.min(6, Math.max(1, lines[i]!.match(/^#+/)![0].length + shift));
    lines[i] = '#'.repeat(level) + lines[i]!.replace(/^#+/, '');
  }
  if (spec.id === 'essential-requirements' && !lines.some((line) => line.trimStart().startsWith('|')) && context.dossier) {
    lines.push('', ...asSnippetLines(newChecklistLines(context.catalogue, context.dossier.characteristics)));
  }
  return lines;
}

function sectionPresent(context: FixContext, sectionId: string): boolean {
  return (context.dossier?.files ?? [context.file]).some((file) => file.sections.some((s) => s.sectionId === sectionId));
}

export function sectionInsertion(context: FixContext, spec: SectionSpec): FileEdit[] {
  const placement = sectionPlacement(context, spec.id);
  const snippetLines = sectionSnippetLines(context, spec, placement.depth);
  const plainLines = snippetToPlain(snippetLines.join('\n')).split('\n');
  return [insertBlock(placement.file, placement.beforeLine, plainLines, snippetLines)];
}

/** `section-missing`: insert the section. */
export const sectionMissingFixes: FixProvider = (context, diagnostic) => {
  const spec = diagnostic.target === undefined ? undefined : context.catalogue.sections.get(diagnostic.target);
  if (!spec || !context.dossier || sectionPresent(context, spec.id)) return [];
  const team = context.library()?.templates.get(spec.id);
  const dossier = context.dossier;
  // The public declaration can be written from the dossier itself (institution, device, purpose,
  // the statement, and every ER not met or excluded), as `hie-dossier declaration` does.
  const generated = spec.id === 'public-declaration' && !team;
  return [
    ...(generated
      ? [
          {
            id: `section:${spec.id}:generated`,
            title: 'Insert the public declaration written from this dossier',
            isPreferred: true,
            lazy: true,
            edits: () => {
              const placement = sectionPlacement(context, spec.id);
              const section = renderDeclarationSection(buildDeclaration(dossier, context.catalogue, []), placement.depth);
              return [insertBlock(placement.file, placement.beforeLine, section.trimEnd().split('\n'))];
            },
          },
        ]
      : []),
    {
      id: `section:${spec.id}`,
      title: team ? `Insert the "${spec.name}" section from the team template ${path.basename(team.file)}` : `Insert the "${spec.name}" section`,
      isPreferred: !generated,
      lazy: true,
      edits: () => sectionInsertion(context, spec),
    },
  ];
};

function occurrencesOf(context: FixContext, sectionId: string): { file: FileModel; section: SectionOccurrence }[] {
  return (context.dossier?.files ?? [context.file]).flatMap((file) => file.sections.filter((s) => s.sectionId === sectionId).map((section) => ({ file, section })));
}

/** `section-incomplete`: add the prompt line of the missing element at the end of the section's text. */
export const sectionIncompleteFixes: FixProvider = (context, diagnostic) => {
  const spec = diagnostic.target === undefined ? undefined : context.catalogue.sections.get(diagnostic.target);
  const dossier = context.dossier;
  if (!spec || !dossier) return [];
  const found = occurrencesOf(context, spec.id);
  const first = found[0];
  if (!first) return [];
  const text = found.map(({ file, section }) => sectionText(file, section)).join('\n');
  const source = found.map(({ file, section }) => file.text.slice(section.range.start, section.range.end)).join('\n');
  const missing = spec.elements.filter((element) => !elementPresent(element, text, dossier) && !source.includes(promptLead(element.prompt)));
  // The message names the element; a message we cannot read gets a fix for each missing element.
  const named = spec.elements.find((element) => diagnostic.lsp.message.includes(`does not state ${element.description}:`));
  const elements: SectionElement[] = named ? missing.filter((element) => element === named) : missing;
  return elements.map((element) => ({
    id: `prompt:${spec.id}:${element.id}`,
    title: `Add a line stating ${element.description} to "${first.section.heading.text}"`,
    isPreferred: elements.length === 1,
    edits: () => [insertBlock(first.file, endOfSectionText(first.file, first.section), [templateToPlain(element.prompt)], [templateToSnippet(element.prompt)])],
  }));
};
