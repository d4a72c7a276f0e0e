// Small file helpers for the data lake: hashing, resumable copies and downloads.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { createGzip } from 'node:zlib';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function counting(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/** Copies `from` to `to`.partial, continuing a partial copy where it stopped, then renames. */
export async function resumableCopy(from: string, to: string, onBytes: (n: number) => void): Promise<void> {
  const partial = `${to}.partial`;
  const have = fileSize(partial);
  const total = statSync(from).size;
  if (have > total) await rm(partial);
  const start = have > total ? 0 : have;
  if (start > 0) onBytes(start);
  if (start < total) {
    await pipeline(createReadStream(from, { start }), counting(onBytes), createWriteStream(partial, { flags: start ? 'a' : 'w' }));
  }
  await rename(partial, to);
}

/** Downloads `url` into `to`.partial with an HTTP Range request when a partial file exists. */
export async function resumableDownload(
  url: string,
  to: string,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const partial = `${to}.partial`;
  const have = fileSize(partial);
  const response = await fetch(url, { headers: have ? { Range: `bytes=${have}-` } : {}, signal });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${url}`);
  const append = have > 0 && response.status === 206;
  if (append) onBytes(have);
  await pipeline(
    Readable.fromWeb(response.body as never),
    counting(onBytes),
    createWriteStream(partial, { flags: append ? 'a' : 'w' }),
  );
  await rename(partial, to);
}

export async function gzipFile(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createGzip({ level: 9 }), createWriteStream(to));
}
