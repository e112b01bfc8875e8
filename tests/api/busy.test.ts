import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp({ parcels: 120 });
});
afterAll(() => t.close());

describe('while another connection holds the write lock (a long import)', () => {
  it('a write answers 503 with Retry-After, not 500, and reads keep working', async () => {
    const cookie = await t.login('urbanista');
    const id = (t.db.prepare("SELECT id FROM buildings WHERE comune = 'E617' LIMIT 1").get() as { id: number }).id;
    const etag = (await t.request(`/api/buildings/${id}`, { cookie })).headers.get('etag')!;
    t.db.exec('PRAGMA busy_timeout = 50');
    const other = new DatabaseSync(join(t.dir, 'edigit.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const res = await t.request(`/api/buildings/${id}`, {
        method: 'PATCH',
        cookie,
        headers: { 'if-match': etag },
        json: { note: 'x' },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('10');
      expect((await res.json()).error.code).toBe('busy');
      expect((await t.request(`/api/buildings/${id}`, { cookie })).status).toBe(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      t.db.exec('PRAGMA busy_timeout = 5000');
    }
    expect(
      (
        await t.request(`/api/buildings/${id}`, {
          method: 'PATCH',
          cookie,
          headers: { 'if-match': etag },
          json: { note: 'x' },
        })
      ).status,
    ).toBe(200);
  });
});
