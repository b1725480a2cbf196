/**
 * Inline suppression, as in markdownlint and ESLint:
 *   <!-- hie-disable-next-line RULE [RULE…] -->   the next line only
 *   <!-- hie-disable RULE -->  …  <!-- hie-enable RULE -->   a region (to the end without an enable)
 *   <!-- hie-disable-file RULE -->   the whole file, frontmatter included
 * No rule name means every rule. In the frontmatter, `# hie-disable-next-line RULE` does the same.
 */
import type { FileModel } from '../model/fileModel';

export type SuppressionKind = 'disable-next-line' | 'disable' | 'enable' | 'disable-file';

export interface SuppressionDirective {
  kind: SuppressionKind;
  /** Empty means all rules. */
  rules: string[];
  /** Range of the rule list in the comment (for completions and unknown-rule reports). */
  offset: number;
  line: number;
}

const DIRECTIVE = /^hie-(disable-next-line|disable-file|disable|enable)\b([^]*)$/;
const YAML_DIRECTIVE = /#\s*hie-(disable-next-line|disable-file)\b([^\n\r]*)/g;

function parseRules(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean);
}

export function directivesOf(file: FileModel): SuppressionDirective[] {
  const directives: SuppressionDirective[] = [];
  for (const comment of file.comments) {
    const match = DIRECTIVE.exec(comment.body);
    if (!match) continue;
    const end = comment.range.end;
    directives.push({ kind: match[1] as SuppressionKind, rules: parseRules(match[2]!), offset: comment.range.start, line: file.lines.positionAt(end).line });
  }
  const fm = file.parsed.frontmatter;
  if (fm) {
    const yaml = file.text.slice(fm.contentRange.start, fm.contentRange.end);
    YAML_DIRECTIVE.lastIndex = 0;
    for (let match = YAML_DIRECTIVE.exec(yaml); match; match = YAML_DIRECTIVE.exec(yaml)) {
      const offset = fm.contentRange.start + match.index;
      directives.push({ kind: match[1] as SuppressionKind, rules: parseRules(match[2]!), offset, line: file.lines.positionAt(offset).line });
    }
  }
  return directives.sort((a, b) => a.offset - b.offset);
}

const applies = (directive: SuppressionDirective, rule: string): boolean => directive.rules.length === 0 || directive.rules.includes(rule);

/** Returns whether a finding of `rule` starting at `offset` is silenced in this file. */
export function suppressionFilter(file: FileModel): (rule: string, offset: number) => boolean {
  const directives = directivesOf(file);
  if (directives.length === 0) return () => false;
  return (rule, offset) => {
    const line = file.lines.positionAt(offset).line;
    let disabled = false;
    for (const directive of directives) {
      if (!applies(directive, rule)) continue;
      if (directive.kind === 'disable-file') return true;
      if (directive.kind === 'disable-next-line' && directive.line + 1 === line) return true;
      if (directive.offset > offset) continue;
      if (directive.kind === 'disable') disabled = true;
      if (directive.kind === 'enable') disabled = false;
    }
    return disabled;
  };
}
