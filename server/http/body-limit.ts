// Request bodies over a limit get 413, and the connection stays usable: a body refused before it was read
// is read and thrown away (up to a bound) so that the client's next request on the same keep-alive
// connection is not taken for the rest of this one; past the bound the answer says `Connection: close`.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from '../errors/http-error.ts';

/** Bytes of a refused body read and discarded to keep the connection: beyond, closing is cheaper. */
const DRAIN_BYTES = 32 * 1024 * 1024;

/** Reads and discards the rest of a request body; false when it is longer than `max`, already taken, or fails. */
async function drain(body: ReadableStream<Uint8Array> | null, max: number): Promise<boolean> {
  if (!body) return true;
  if (body.locked) return false; // a reader has it (a chunked body counted by bodyLimit): cannot be finished here
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      seen += value.byteLength;
      if (seen > max) return false;
    }
  } catch {
    return false;
  } finally {
    reader.releaseLock();
  }
}

export function limitBody(maxSize: number, message: string): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: async (c) => {
      const declared = Number(c.req.header('content-length') ?? Number.NaN);
      const kept = !(declared > DRAIN_BYTES) && (await drain(c.req.raw.body, DRAIN_BYTES));
      if (!kept) c.header('Connection', 'close');
      throw new HttpError(413, 'payload_too_large', message);
    },
  });
}
