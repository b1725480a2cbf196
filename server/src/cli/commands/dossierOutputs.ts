/**
 * What the output commands (declaration, report, register) share: finding the dossiers under
 * the paths, checking them, showing paths relative to the working folder, and writing the result
 * to stdout or, only when asked with --output, to a file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dossier } from '../../languageservice/model/dossier';
import type { PathDisplay } from '../../languageservice/outputs/problems';
import type { DossierDiagnostic, DossierService } from '../../languageservice/service';
import { createNodeService } from '../../node/createService';
import { cliWorkspaceRoot } from '../../node/nodeFileSystem';
import { UsageError, type CliIo } from '../io';
import { collectMarkdownFiles } from '../inputFiles';

export interface CheckedDossier {
  path: string;
  dossier: Dossier;
  /** Every diagnostic of the dossier's files (index, parts, configuration). */
  diagnostics: DossierDiagnostic[];
}

/** Checks every dossier index under the paths; other Markdown files are left alone. */
export function checkDossiers(paths: readonly string[], cwd: string, configFile?: string): { service: DossierService; dossiers: CheckedDossier[] } {
  const service = createNodeService((file) => cliWorkspaceRoot(file, cwd));
  const dossiers: CheckedDossier[] = [];
  for (const file of collectMarkdownFiles(paths, cwd)) {
    const result = service.check(file, configFile ? { configFile } : {});
    if (!result.dossier) continue;
    dossiers.push({ path: file, dossier: result.dossier, diagnostics: [...result.diagnostics.values()].flat() });
  }
  return { service, dossiers };
}

export function relativeDisplay(cwd: string): PathDisplay {
  return (file) => path.relative(cwd, file).split(path.sep).join('/') || '.';
}

/** Writes the output to stdout, or to the file given with --output (its folder created if needed). */
export function writeOutput(io: CliIo, text: string, output: string | undefined): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  const target = path.resolve(io.cwd, output);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text, 'utf8');
  io.stderr(`Wrote ${path.relative(io.cwd, target) || target}\n`);
}

export function requireFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  const format = value ?? fallback;
  if (!(allowed as readonly string[]).includes(format)) throw new UsageError(`Unknown format: ${format} (use ${allowed.join(', ')}).`);
  return format as T;
}

export function resolveConfig(io: CliIo, config: string | undefined): string | undefined {
  return config ? path.resolve(io.cwd, config) : undefined;
}

/** A file name from a device code or name: "EX-SW-0042" → "ex-sw-0042". */
export function fileNameFor(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[^\w\s.-]/g, '')
    .trim()
    .replace(/[\s.]+/g, '-')
    .toLowerCase();
  return slug || 'dossier';
}
