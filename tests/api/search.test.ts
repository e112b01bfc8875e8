import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKED_MATCHES } from '../../server/store/shared/search-results.ts';
import { parcelByKey, UNIT_BY_KEY } from '../../server/store/sqlite/search.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

describe.each(ENGINES)('search (%s)', (engine) => {
  let t: EngineApp;
  let cookie: string;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
    cookie = await t.login('urbanista');
  });
  afterAll(() => t.close());

  const search = async (q: string, c = cookie) => t.request(`/api/search?q=${encodeURIComponent(q)}`, { cookie: c });

  it('finds a building by address', async () => {
    const a = (await t.row<{ street: string; civico: string; building_id: number }>(
      `SELECT a.street, a.civico, a.building_id FROM addresses a JOIN buildings b ON b.id = a.building_id
          WHERE b.comune = 'E617' ORDER BY a.id LIMIT 1`,
    ))!;
    const body = await (await search(`${a.street} ${a.civico}`)).json();
    expect(
      body.results.some(
        (r: { building_id: number; kind: string }) => r.building_id === a.building_id && r.kind === 'address',
      ),
    ).toBe(true);
    // Without accents and in lower case too.
    const loose = await (
      await search(
        `${a.street
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')} ${a.civico}`,
      )
    ).json();
    expect(loose.results.length).toBeGreaterThan(0);
    expect(
      loose.results.some(
        (r: { building_id: number; kind: string }) => r.building_id === a.building_id && r.kind === 'address',
      ),
    ).toBe(true);
  });

  it('finds an accented street from its name typed without accents, and the other way round', async () => {
    const names = await t.rows<{ name: string }>("SELECT name FROM streets WHERE comune = 'E617' ORDER BY id");
    const street = names.find((s) => /[àèéìòù]/.test(s.name));
    const name = street?.name ?? 'Via Niccolò Tommaseo';
    if (!street) {
      // the demo may have no accented street: give it one, as a comune's stradario would
      await t.exec(
        `INSERT INTO street_search (label, ref_id, comune)
          SELECT ?, id, comune FROM streets WHERE comune = 'E617' ORDER BY id LIMIT 1`,
        name,
      );
    }
    const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    for (const q of [plain.toLowerCase(), name.toUpperCase()]) {
      const labels = ((await (await search(q)).json()).results as { kind: string; label: string }[])
        .filter((r) => r.kind === 'street')
        .map((r) => r.label);
      expect(labels, q).toContain(name);
    }
  });

  it('suggests streets first from two letters of their name, whatever the case and accents', async () => {
    const street = (await t.row<{ id: number; name: string }>(
      "SELECT id, name FROM streets WHERE comune = 'E617' ORDER BY id LIMIT 1",
    ))!;
    const word = street.name.split(' ').at(-1)!;
    for (const q of [word.slice(0, 2).toLowerCase(), word.slice(0, 3).toUpperCase(), street.name.split(' ')[0]!]) {
      const results = (await (await search(q)).json()).results as { kind: string; label: string }[];
      expect(results.length, q).toBeGreaterThan(0);
      expect(results.length, q).toBeLessThanOrEqual(10);
      const kinds = results.map((r) => r.kind);
      // streets, then addresses and buildings: never a street after an address
      expect(
        kinds.slice(kinds.lastIndexOf('street') + 1).every((k) => k !== 'street'),
        q,
      ).toBe(true);
      expect(kinds.indexOf('street'), q).toBe(0);
    }
    const results = (await (await search(word.slice(0, 2).toLowerCase())).json()).results as { label: string }[];
    expect(results.map((r) => r.label)).toContain(street.name);
  });

  it('finds parcels by foglio/particella and units by foglio/particella/sub', async () => {
    const u = (await t.row<{ foglio: string; particella: string; subalterno: string; building_id: number }>(
      `SELECT foglio, particella, subalterno, building_id FROM units
          WHERE comune = 'E617' AND subalterno = '2' ORDER BY id LIMIT 1`,
    ))!;
    const parcel = await (await search(`${u.foglio}/${u.particella}`)).json();
    expect(parcel.results[0]).toMatchObject({ kind: 'parcel', comune: 'E617', building_id: u.building_id });
    expect(parcel.results[0].bbox).toHaveLength(4);
    const unit = await (await search(`${u.foglio}/${u.particella}/${u.subalterno}`)).json();
    expect(unit.results[0]).toMatchObject({ kind: 'unit', building_id: u.building_id });
  });

  it('finds a building by its code, even without the leading zeros', async () => {
    const b = (await t.row<{ id: number; code: string }>(
      "SELECT id, code FROM buildings WHERE comune = 'E617' ORDER BY id LIMIT 1 OFFSET 7",
    ))!;
    for (const q of [b.code, b.code.toLowerCase(), `E617-${Number(b.code.slice(5))}`]) {
      const body = await (await search(q)).json();
      expect(body.results[0], q).toMatchObject({ kind: 'building', building_id: b.id });
    }
  });

  it('never searches another comune', async () => {
    const b = (await t.row<{ code: string }>("SELECT code FROM buildings WHERE comune = 'C566' ORDER BY id LIMIT 1"))!;
    expect((await (await search(b.code)).json()).results).toEqual([]);
    expect((await (await search(b.code, await t.login('cesano'))).json()).results).toHaveLength(1);
  });

  it('treats injection strings as plain text: no 500, nothing changed', async () => {
    const before = await t.snapshot();
    for (const q of [
      "'; DROP TABLE buildings; --",
      '" OR 1=1 --',
      'via* NEAR(a b)',
      '%',
      '_',
      'AND OR NOT',
      '^roma',
      '"unterminated',
      "1/1'; DELETE FROM parcels",
      '🏠 via',
      '\u0000',
      'a'.repeat(200),
      '<script>alert(1)</script>',
      'E617-; DROP',
    ]) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      expect(Array.isArray((await res.json()).results)).toBe(true);
    }
    expect(await t.snapshot()).toBe(before);
  });

  it('needs a query of reasonable length', async () => {
    expect((await t.request('/api/search', { cookie })).status).toBe(400);
    expect((await search('   ')).status).toBe(400);
    expect((await search('a'.repeat(201))).status).toBe(400);
  });

  // SQLite's query planner and its indexes: PostgreSQL plans its own queries (postgres/search.ts).
  it.runIf(engine === 'sqlite')(
    'finds foglio/particella[/sub] through an index, not by reading the comune',
    async () => {
      const plan = async (sql: string, ...params: (string | number)[]) =>
        (await t.rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params)).map((r) => r.detail).join(' | ');
      expect(await plan(parcelByKey('(?)'), '1', '2', 'E617', 10)).toMatch(
        /SEARCH p USING (COVERING )?INDEX parcels_key \(comune=\? AND foglio=\? AND particella=\?\)/,
      );
      expect(await plan(UNIT_BY_KEY, 'E617', '1', '2', '3')).toMatch(
        /SEARCH units USING INDEX units_key \(comune=\? AND foglio=\? AND particella=\? AND subalterno=\?\)/,
      );
    },
  );

  it(`ranks up to ${RANKED_MATCHES} matches, and takes the first ones beyond (no ranking of every row)`, async () => {
    // a comune of its own: long labels first, then one short label that relevance would put first
    await t.exec("INSERT INTO comuni (code, name, province, istat_code) VALUES ('Z999', 'Prova', 'MB', '999999')");
    const building = (await t.row<{ id: number }>(
      "SELECT id FROM buildings WHERE comune = 'E617' ORDER BY id LIMIT 1",
    ))!.id;
    const many = async (n: number, word: string) => {
      // one statement, its rows numbered in the order given (as many single inserts would)
      const labels = [...Array.from({ length: n }, (_, i) => `${word} lunghissima della prova numero ${i}`), word];
      const rows = labels.map(() => "(?, 'address', ?, 'Z999')").join(', ');
      await t.exec(
        `INSERT INTO search_index (label, kind, ref_id, comune) VALUES ${rows}`,
        ...labels.flatMap((l) => [l, building]),
      );
    };
    await many(20, 'Zafferano');
    await many(RANKED_MATCHES + 10, 'Zibibbo');
    const labels = async (q: string) =>
      (await t.store.withComuni(['Z999'], () => t.store.search(['Z999'], q))).map((r) => r.label);
    // few matches: the closest first (the bare word, added last)
    expect((await labels('zaff'))[0]).toBe('Zafferano');
    // more than the ranked limit: the first added, no ranking
    expect((await labels('zibi'))[0]).toBe('Zibibbo lunghissima della prova numero 0');
    expect(await labels('zibi')).toHaveLength(10);
  });
});
