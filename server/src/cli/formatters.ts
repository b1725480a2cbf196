/** The CLI's three output formats: ESLint-like text, the format page's JSON, and SARIF 2.1.0. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { DossierDiagnostic } from '../languageservice/service';
import { RULES, SERVICE_RULES } from '../languageservice/rules';
import { VERSION } from '../../../shared/src/version';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  target: string | null;
  message: string;
}

export function toJson(diagnostics: DossierDiagnostic[], cwd: string): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    file: path.relative(cwd, d.path).split(path.sep).join('/'),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    rule: d.rule,
    target: d.target ?? null,
    message: d.message,
  }));
}

export function formatText(diagnostics: DossierDiagnostic[], cwd: string, useColour: boolean): string {
  const paint = (code: number, text: string): string => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const byFile = new Map<string, JsonDiagnostic[]>();
  for (const d of toJson(diagnostics, cwd)) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push('', paint(4, file));
    const width = Math.max(...list.map((d) => `${d.line}:${d.column}`.length));
    for (const d of list) {
      const severity = d.severity === 'error' ? paint(31, 'error  ') : d.severity === 'warning' ? paint(33, 'warning') : paint(36, d.severity.padEnd(7));
      out.push(`  ${`${d.line}:${d.column}`.padEnd(width)}  ${severity}  ${d.message}  ${paint(2, d.rule)}`);
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const total = diagnostics.length;
  if (total > 0) {
    out.push('', paint(errors ? 31 : 33, `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function toSarif(diagnostics: DossierDiagnostic[], cwd: string): Log {
  const descriptors: ReportingDescriptor[] = [...RULES, ...Object.values(SERVICE_RULES)].map((rule) => ({
    id: rule.id,
    shortDescription: { text: rule.description },
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
  }));
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = diagnostics.map((d) => ({
    ruleId: d.rule,
    ruleIndex: ruleIndex.get(d.rule) ?? -1,
    level: SARIF_LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: path.relative(cwd, d.path).split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
          region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
        },
      },
    ],
    ...(d.target !== undefined ? { properties: { target: d.target } } : {}),
  }));
  return {
    version: '2.1.0',
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'hie-dossier', version: VERSION, semanticVersion: VERSION, rules: descriptors } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
