// No N+1: a dossier costs the same number of statements whether its building has one unit or dozens.
// SQLite only: it counts node:sqlite's statements; the PostgreSQL dossier reads by the same one-query-per-table
// plan (store/postgres/building-dossier.ts, tax-facts.ts).
import { StatementSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, nextTurn, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp({ parcels: 200 });
});
afterAll(() => t.close());

/** Statements executed while `work` runs (every all/get/run/iterate on any connection). */
async function counted(work: () => Promise<unknown>): Promise<number> {
  const proto = StatementSync.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const originals = (['all', 'get', 'run', 'iterate'] as const).map((m) => [m, proto[m]!] as const);
  let n = 0;
  for (const [m, f] of originals) {
    proto[m] = function (this: unknown, ...a: unknown[]) {
      n++;
      return f.apply(this, a);
    };
  }
  try {
    await work();
  } finally {
    for (const [m, f] of originals) proto[m] = f;
  }
  return n;
}

describe('dossier queries', () => {
  it('are as many for a building of one unit as for the building with the most units', async () => {
    const rows = t.db
      .prepare(
        "SELECT building_id AS id, count(*) AS n FROM units WHERE comune = 'E617' GROUP BY building_id ORDER BY n",
      )
      .all() as { id: number; n: number }[];
    const [fewest, most] = [rows[0]!, rows[rows.length - 1]!];
    expect(most.n).toBeGreaterThan(fewest.n + 5);
    for (const role of ['tributi', 'urbanista']) {
      const cookie = await t.login(role);
      await t.request('/api/me', { cookie }); // the session looked up once, as every request after the first finds it
      // each request in a turn of its own, as over the network
      const cost = async (id: number) => {
        await nextTurn();
        return counted(async () => expect((await t.request(`/api/buildings/${id}`, { cookie })).status).toBe(200));
      };
      expect(await cost(most.id), role).toBe(await cost(fewest.id));
    }
  });
});
