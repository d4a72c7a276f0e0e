// Streaming line readers for the data-lake files: gzip or plain, UTF-8 or Latin-1, with the
// mirror's `#` comment line skipped and the header row turned into column indexes.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export async function* readLines(path: string, encoding: BufferEncoding = 'utf8'): AsyncGenerator<string> {
  const raw = createReadStream(path);
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding(encoding);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

export interface TsvRow {
  get(column: string): string;
}

/** Rows of a TSV with a header; `#` lines before the header are skipped; quoted cells unwrapped. */
export async function* readTsv(path: string, encoding: BufferEncoding = 'utf8'): AsyncGenerator<TsvRow> {
  let columns: Map<string, number> | undefined;
  for await (const line of readLines(path, encoding)) {
    if (!columns) {
      if (line.startsWith('#')) continue;
      columns = new Map(line.split('\t').map((name, i) => [name.trim(), i]));
      continue;
    }
    if (line === '') continue;
    const cells = line.split('\t');
    yield {
      get(column: string): string {
        const at = columns!.get(column);
        if (at === undefined) throw new Error(`${path}: no column '${column}'`);
        const cell = cells[at] ?? '';
        return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;
      },
    };
  }
}

export async function* readJsonLines(path: string): AsyncGenerator<any> {
  for await (const line of readLines(path)) if (line.trim()) yield JSON.parse(line);
}

export function intOrNull(value: string): number | null {
  const n = Number.parseInt(value.trim(), 10);
  return Number.isFinite(n) ? n : null;
}

export function floatOrNull(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '' || /NR/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
