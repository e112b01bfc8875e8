// A response body from lines of text (CSV, GeoJSON sequences): pulled as the client reads, 500 lines to a
// chunk so that a million-row file is neither held in memory nor sent one tiny chunk per line. A client
// that goes away ends the iterator, which closes whatever it holds open (a read transaction, a cursor).
// Lines are pulled after the handler has returned: each pull runs in the request's own async context, so that
// what the request may see (its comuni, store.withComuni) still holds for the thousandth row.
import { AsyncLocalStorage } from 'node:async_hooks';

const LINES_PER_CHUNK = 500;

export function textStream(lines: Iterator<string> | AsyncIterator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const inRequest = AsyncLocalStorage.snapshot();
  return new ReadableStream({
    async pull(controller) {
      let buf = '';
      for (let n = 0; n < LINES_PER_CHUNK; n++) {
        const r = await inRequest(() => lines.next());
        if (r.done) {
          if (buf) controller.enqueue(enc.encode(buf));
          controller.close();
          return;
        }
        buf += r.value;
      }
      controller.enqueue(enc.encode(buf));
    },
    async cancel() {
      await inRequest(async () => lines.return?.(undefined));
    },
  });
}
