// A multipart upload streamed to disk as it arrives (busboy): never held whole in memory, cut at a size
// limit with 413, and read to its end even then, so that the connection stays usable.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { badRequest, HttpError } from '../errors/http-error.ts';

export interface Upload {
  fields: Record<string, string>;
  /** The one file of field `fileField`, written to a new file in the upload folder; null when none was sent. */
  file: { path: string; name: string; bytes: number } | null;
}

/** Receives `req`'s form; throws 413 (and leaves nothing on disk) past `maxBytes`, 400 when it is malformed. */
export async function receiveUpload(req: Request, dir: string, maxBytes: number, fileField = 'file'): Promise<Upload> {
  if (!req.body) throw badRequest('Richiesta senza corpo');
  mkdirSync(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let file: Upload['file'] = null;
  let tooLarge = false;
  const writes: Promise<void>[] = [];
  const parser = busboy({
    headers: { 'content-type': req.headers.get('content-type') ?? '' },
    limits: { files: 1, fileSize: maxBytes, fields: 30, fieldSize: 10_000 },
  });
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== fileField) {
      stream.resume();
      return;
    }
    const path = join(dir, `${randomUUID()}.part`);
    const received = { path, name: info.filename || 'file', bytes: 0 };
    file = received;
    stream.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
    stream.on('limit', () => (tooLarge = true));
    writes.push(pipeline(stream, createWriteStream(path)));
  });
  try {
    await pipeline(Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), parser);
    await Promise.all(writes);
  } catch (e) {
    if (file) rmSync((file as { path: string }).path, { force: true });
    if (e instanceof HttpError) throw e;
    throw badRequest(`Modulo multipart non leggibile: ${(e as Error).message.slice(0, 80)}`);
  }
  if (tooLarge) {
    rmSync(file!.path, { force: true });
    throw new HttpError(413, 'payload_too_large', `File troppo grande (massimo ${Math.round(maxBytes / 2 ** 20)} MiB)`);
  }
  return { fields, file };
}
