import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DOSSIER,
  NOTES,
  codeOf,
  describeDiagnostic,
  describeDiagnostics,
  fixtureUri,
  lineOf,
  openFixture,
  ours,
  revert,
  screenshot,
  sleep,
  waitForAnyDiagnostics,
  waitForDiagnostics,
} from './index';

/**
 * The defects planted in fixtures/workspace/pump/index.md. `line` is 0-based (VS Code's), and is
 * checked against the fixture before it is checked against the server. When `covers` is given,
 * the diagnostic's range must cover that text and stay inside `within` (a table cell or the
 * frontmatter value), so that a diagnostic on the right line but the wrong span fails.
 */
interface Planted {
  code: string;
  line: number;
  /** Text on the line that identifies it in the fixture. */
  anchor: string;
  covers?: string;
  within?: string;
  severity: vscode.DiagnosticSeverity;
}

const { Error: E, Warning: W } = vscode.DiagnosticSeverity;
const SEVERITY = ['error', 'warning', 'info', 'hint'];

export const PLANTED: Planted[] = [
  { code: 'characteristic-unknown', line: 11, anchor: 'characteristics:', covers: 'measurng', within: 'software, measurng', severity: W },
  { code: 'standard-superseded', line: 53, anchor: '| 1 | Yes |', covers: 'ISO 14971:2007', within: ' ISO 14971:2007 ', severity: W },
  { code: 'exclusion-not-allowed', line: 57, anchor: '| 5 | No |', severity: E },
  { code: 'evidence-link-broken', line: 63, anchor: '| 9.2 |', covers: 'it-enviroment', within: ' [IT environment](evidence/risk-management-file.md#it-enviroment) ', severity: E },
  { code: 'exclusion-unjustified', line: 66, anchor: '| 11 | No |', severity: E },
  { code: 'evidence-missing', line: 80, anchor: '| 13.4 |', severity: W },
  { code: 'evidence-link-broken', line: 81, anchor: '| 13.5 |', covers: 'evidence/asset-register.md', within: ' [Asset register](evidence/asset-register.md) ', severity: E },
  { code: 'er-duplicate', line: 83, anchor: '| 12.9 | Yes | |', severity: W },
  { code: 'er-unknown', line: 84, anchor: '| 12.10 |', covers: '12.10', within: ' 12.10 ', severity: E },
  { code: 'patient-identifier', line: 92, anchor: 'record of patient', covers: '943 476 5919', within: 'patient 943 476 5919.', severity: W },
];

/** The consent section is missing; where such a diagnostic sits is the server's choice. */
const MISSING_SECTION = { code: 'section-missing', message: /consent/i };

function matches(d: vscode.Diagnostic, p: Planted): boolean {
  return codeOf(d) === p.code && d.range.start.line === p.line;
}

function checkRange(doc: vscode.TextDocument, d: vscode.Diagnostic, p: Planted): string | undefined {
  if (!p.covers) {
    if (d.range.end.line !== p.line) return `expected a range on line ${p.line}, got ${describeDiagnostic(d)}`;
    return undefined;
  }
  const text = doc.lineAt(p.line).text;
  const within = p.within ?? text;
  const from = text.indexOf(within);
  const at = text.indexOf(p.covers, from);
  const { start, end } = d.range;
  if (end.line !== p.line) return `expected a single-line range on line ${p.line}, got ${describeDiagnostic(d)}`;
  if (start.character > at || end.character < at + p.covers.length) {
    return `range ${start.character}-${end.character} does not cover ${JSON.stringify(p.covers)} (${at}-${at + p.covers.length}) on line ${p.line}`;
  }
  if (start.character < from || end.character > from + within.length) {
    return `range ${start.character}-${end.character} (${JSON.stringify(doc.getText(d.range))}) is wider than ${JSON.stringify(within.trim())} (${from}-${from + within.length}) on line ${p.line}`;
  }
  return undefined;
}

describe('diagnostics of a dossier', () => {
  let doc: vscode.TextDocument;
  const uri = fixtureUri(DOSSIER);

  before(async () => {
    ({ doc } = await openFixture(DOSSIER));
  });

  afterEach(async () => {
    await revert(doc);
  });

  it('the fixture has its planted defects where the tests expect them', () => {
    for (const p of PLANTED) {
      assert.ok(doc.lineAt(p.line).text.includes(p.anchor), `fixture line ${p.line} should contain ${JSON.stringify(p.anchor)}: ${doc.lineAt(p.line).text}`);
      if (p.covers) assert.ok(doc.lineAt(p.line).text.includes(p.covers), `fixture line ${p.line} should contain ${JSON.stringify(p.covers)}`);
    }
    assert.equal(lineOf(doc, '| 12.9 | Yes |', 2), 83);
  });

  it('reports every planted defect with its rule, line, range and severity', async () => {
    let problems: string[] = [];
    try {
      await waitForDiagnostics(
        uri,
        (list) => {
          problems = [];
          for (const p of PLANTED) {
            const found = list.filter((d) => matches(d, p));
            if (found.length === 0) {
              problems.push(`missing ${p.code} on line ${p.line} (${JSON.stringify(p.covers ?? p.anchor)})`);
              continue;
            }
            const wellPlaced = found.filter((d) => checkRange(doc, d, p) === undefined);
            if (wellPlaced.length === 0) {
              problems.push(`${p.code}: ${checkRange(doc, found[0], p)}`);
            } else if (!wellPlaced.some((d) => d.severity === p.severity)) {
              problems.push(
                `${p.code} on line ${p.line}: severity ${wellPlaced.map((d) => SEVERITY[d.severity]).join('/')}, expected ${SEVERITY[p.severity]}`,
              );
            }
          }
          if (!list.some((d) => codeOf(d) === MISSING_SECTION.code && MISSING_SECTION.message.test(d.message))) {
            problems.push('missing section-missing for the consent section (a message mentioning consent)');
          }
          return problems.length === 0;
        },
        'every planted defect',
      );
    } catch (error) {
      throw new Error(`${problems.length} planted defect(s) not reported as expected:\n  ${problems.join('\n  ')}\n${(error as Error).message}`);
    }
    console.log(`      ${ours(uri).length} diagnostics:\n${describeDiagnostics(ours(uri)).replace(/^/gm, '    ')}`);
    // Show the checklist with its squiggles above the Problems panel.
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.revealRange(new vscode.Range(50, 0, 50, 0), vscode.TextEditorRevealType.AtTop);
    await screenshot('01-dossier-diagnostics', { problems: true });
  });

  it('reports nothing else: the clean parts of the dossier stay clean', async () => {
    await waitForAnyDiagnostics(uri);
    await sleep(500);
    const unexpected = ours(uri).filter(
      (d) =>
        !PLANTED.some((p) => matches(d, p)) &&
        !(codeOf(d) === MISSING_SECTION.code && MISSING_SECTION.message.test(d.message)),
    );
    assert.equal(unexpected.length, 0, `unexpected diagnostics (false positives, or a fixture gap):\n${describeDiagnostics(unexpected)}`);
  });

  it('an edit that fixes a defect makes its diagnostic disappear', async () => {
    const line = 53;
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'standard-superseded' && d.range.start.line === line), 'standard-superseded on line 53');
    const col = doc.lineAt(line).text.indexOf('ISO 14971:2007');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(line, col, line, col + 'ISO 14971:2007'.length), 'ISO 14971:2019');
    assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit failed');
    assert.ok(doc.lineAt(line).text.includes('ISO 14971:2019'));
    await waitForDiagnostics(
      uri,
      (list) =>
        !list.some((d) => codeOf(d) === 'standard-superseded' && d.range.start.line === line) &&
        list.some((d) => codeOf(d) === 'er-unknown'),
      `standard-superseded on line ${line} to disappear after the fix (while er-unknown stays)`,
    );
  });

  it('a Markdown file that is not a dossier gets none of our diagnostics', async () => {
    await waitForAnyDiagnostics(uri);
    const notes = fixtureUri(NOTES);
    await openFixture(NOTES);
    await sleep(2_000);
    assert.deepEqual(
      ours(notes).map(describeDiagnostic),
      [],
      'notes.md (no device frontmatter, not a part of any dossier) must not be checked',
    );
    // The dossier is still checked meanwhile.
    assert.ok(ours(uri).length > 0, 'the dossier lost its diagnostics');
    await screenshot('02-notes-no-diagnostics', { problems: true });
  });
});
