/**
 * Edit latency over the real LSP connection: the spawned dist/server.cjs, debounce 0, one
 * single-character edit at a time (type a character, then delete it), timed from sending
 * `didChange` to receiving the `publishDiagnostics` that follows it.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient } from './benchClient';

export type EditPlace = 'start' | 'middle' | 'checklist' | 'end';
export const EDIT_PLACES: readonly EditPlace[] = ['start', 'middle', 'checklist', 'end'];

interface Position {
  line: number;
  character: number;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** An offset inside ordinary prose (or a checklist cell) for each place. */
export function editOffset(text: string, place: EditPlace): number {
  const bodyStart = text.indexOf('\n---', 4) + 4;
  switch (place) {
    case 'start':
      // End of the title line, just under the frontmatter.
      return text.indexOf('\n', text.indexOf('# ', bodyStart));
    case 'middle': {
      // The end of the first prose line at or after the middle of the text.
      let at = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
      while (!/^[A-Z][a-z]/.test(text.slice(at, at + 2))) at = text.indexOf('\n', at) + 1;
      return text.indexOf('\n', at);
    }
    case 'checklist': {
      // Inside the justification of a row half-way down the checklist.
      const table = text.indexOf('| ER | Applies');
      const rows = text.slice(table).split('\n').filter((row) => row.startsWith('|'));
      const row = rows[Math.floor(rows.length / 2)]!;
      const rowStart = text.indexOf(row, table);
      return rowStart + row.lastIndexOf(' |');
    }
    case 'end':
      return text.trimEnd().length;
  }
}

export interface LatencyFigures {
  /** Milliseconds of each edit, per place. */
  byPlace: Map<EditPlace, number[]>;
  /** Time to the first diagnostics after opening the document. */
  open: number;
}

export async function measureEditLatency(folder: string, text: string, editsPerPlace: number, nodeOptions: string[] = []): Promise<LatencyFigures> {
  const client = await BenchClient.start(folder, { debounceMs: 0, checkWorkspaceOnStart: false }, nodeOptions);
  try {
    const uri = pathToFileURL(path.join(folder, 'index.md')).href;
    const openedAt = performance.now();
    const firstDiagnostics = client.nextPublication(uri);
    await client.open(uri, text);
    await firstDiagnostics;
    const open = performance.now() - openedAt;
    let version = 1;
    let current = text;
    const byPlace = new Map<EditPlace, number[]>();
    for (const place of EDIT_PLACES) {
      const times: number[] = [];
      const offset = editOffset(current, place);
      const at = positionOf(current, offset);
      for (let i = 0; i < editsPerPlace; i++) {
        const typing = i % 2 === 0;
        const range = typing ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
        const published = client.nextPublication(uri);
        const sentAt = performance.now();
        await client.change(uri, ++version, range, typing ? 'x' : '');
        await published;
        times.push(performance.now() - sentAt);
        current = typing ? current.slice(0, offset) + 'x' + current.slice(offset) : current.slice(0, offset) + current.slice(offset + 1);
      }
      byPlace.set(place, times);
    }
    await client.close(uri);
    return { byPlace, open };
  } finally {
    await client.shutdown();
  }
}
