// A streamed body is pulled after its handler returned: every pull must still see the request's async context
// (on PostgreSQL, the comuni row-level security lets it read), or a long CSV would end after its first page.
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { textStream } from '../../server/http/text-stream.ts';

describe('textStream', () => {
  it('pulls every line within the async context it was made in', async () => {
    const scope = new AsyncLocalStorage<string>();
    async function* lines() {
      for (let i = 0; i < 1200; i++) {
        await new Promise((r) => setImmediate(r)); // each line a later turn, as a database page would be
        yield `${scope.getStore() ?? 'nessuno'}\n`;
      }
    }
    const stream = scope.run('E617', () => textStream(lines()));
    // Read outside the context, as the HTTP layer does, a chunk at a time as the socket drains.
    const reader = stream.getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      await new Promise((r) => setTimeout(r, 5));
    }
    const seen = text.trimEnd().split('\n');
    expect(seen).toHaveLength(1200);
    expect(new Set(seen)).toEqual(new Set(['E617']));
  });
});
