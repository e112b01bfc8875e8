import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../server/app.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

type Bbox = { minx: number; miny: number; maxx: number; maxy: number };

const bySubject = (a: { subject_id: number; right: string }, b: { subject_id: number; right: string }) =>
  a.subject_id - b.subject_id || a.right.localeCompare(b.right);

describe.each(ENGINES)('buildings (%s)', (engine) => {
  let t: EngineApp;
  let id: number; // a Lissone building with units, owners and residents
  let cesanoId: number;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
    id = (await t.row<{ id: number }>(`SELECT u.building_id id FROM units u JOIN residents r ON r.unit_id = u.id
      JOIN buildings b ON b.id = u.building_id
      WHERE b.comune = 'E617' AND b.public_owner IS NULL ORDER BY u.building_id LIMIT 1`))!.id;
    cesanoId = (await t.row<{ id: number }>("SELECT id FROM buildings WHERE comune = 'C566' ORDER BY id LIMIT 1"))!.id;
  });
  afterAll(() => t.close());

  // PostGIS keeps no bbox columns nor GeoJSON text: the same values, asked the way each engine stores them
  const bboxOf = async (bid: number) =>
    (await t.row<Bbox>(
      engine === 'sqlite'
        ? 'SELECT minx, miny, maxx, maxy FROM buildings WHERE id = ?'
        : `SELECT ST_XMin(geom) minx, ST_YMin(geom) miny, ST_XMax(geom) maxx, ST_YMax(geom) maxy
           FROM buildings WHERE id = ?`,
      bid,
    ))!;
  const geojson = engine === 'sqlite' ? 'geom' : 'ST_AsGeoJSON(geom) geom';
  const reads = async () =>
    (await t.row<{ n: number }>('SELECT CAST(count(*) AS INTEGER) n FROM personal_data_reads'))!.n;

  async function read(user: string, bid = id) {
    const res = await t.request(`/api/buildings/${bid}`, { cookie: await t.login(user) });
    return { res, body: await res.json() };
  }

  describe('Edificio Digitale dossier', () => {
    it(
      'gives the planner the dossier with cadastral references, units, overlays and events, ' + 'without personal data',
      async () => {
        const { res, body } = await read('urbanista');
        expect(res.status).toBe(200);
        expect(res.headers.get('etag')).toMatch(/^"b\d+-v\d+"$/);
        expect(body.building.id).toBe(id);
        expect(body.building.code).toMatch(/^E617-/);
        expect(body.parcels[0]).toMatchObject({ foglio: expect.any(String), particella: expect.any(String) });
        expect(body.addresses.length).toBeGreaterThan(0);
        expect(body.units.length).toBeGreaterThan(0);
        expect(body.units[0]).toHaveProperty('residents_count');
        expect(body.units[0]).toHaveProperty('owners_count');
        expect(body.overlays.some((o: { kind: string }) => o.kind === 'zoning')).toBe(true);
        expect(body.events.length).toBeGreaterThan(0);
        expect(body.tributi).toBeNull();
        expect(body.access).toEqual({ personalData: false, canEdit: true });
        expect(JSON.stringify(body)).not.toMatch(/codice_fiscale|surname/);
      },
    );

    it('keeps personal data from consultazione and logs no read for it', async () => {
      const before = await reads();
      const { body } = await read('consultazione');
      expect(body.tributi).toBeNull();
      expect(JSON.stringify(body)).not.toMatch(/codice_fiscale/);
      expect(await reads()).toBe(before);
    });

    it('gives the tax office owners, residents and IMU/TARI positions, and logs the read', async () => {
      const before = await reads();
      const { body } = await read('tributi');
      expect(body.access.personalData).toBe(true);
      expect(body.tributi.years).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
      const rights = await t.rows<{ subject_id: number; right: string }>(
        `SELECT r.subject_id, s.surname || ' ' || s.name full_name, r.right, r.share_num, r.share_den
      FROM rights r JOIN units u ON u.id = r.unit_id JOIN subjects s ON s.id = r.subject_id
      WHERE u.building_id = ? AND coalesce(r.valid_to, '9999') >= '2021-01-01' ORDER BY r.id`,
        id,
      );
      const owners = body.tributi.owners.map((o: Record<string, unknown>) => ({
        subject_id: o.subject_id,
        full_name: o.full_name,
        right: o.right,
        share_num: o.share_num,
        share_den: o.share_den,
      }));
      expect(owners.sort(bySubject)).toEqual(rights.sort(bySubject));
      expect(body.tributi.residents.length).toBeGreaterThan(0);
      expect(body.tributi.owners[0].codice_fiscale).toMatch(/^[A-Z0-9]{16}$/);
      expect(await reads()).toBe(before + 1);
      const log = await t.row('SELECT username, entity, entity_id FROM personal_data_reads ORDER BY id DESC LIMIT 1');
      expect(log).toEqual({ username: 'tributi', entity: 'building', entity_id: id });
    });

    it(
      'shows per subject and year the IMU computed by the engine, declared and paid, ' + 'and TARI computed and paid',
      async () => {
        // A building where someone underpaid IMU (rule 2 of the generator's truth).
        const truth = (await t.row<{ building_id: number; subject_id: number; year: number }>(
          `SELECT building_id, subject_id, year FROM anomaly_truth
        WHERE comune = 'E617' AND rule = 2 ORDER BY id LIMIT 1`,
        ))!;
        const { body } = await read('tributi', truth.building_id);
        const keys = async (rules: string) =>
          new Set(
            (
              await t.rows<{ subject_id: number; year: number }>(
                `SELECT subject_id, year FROM anomaly_truth WHERE building_id = ? AND rule IN (${rules})`,
                truth.building_id,
              )
            ).map((r) => `${r.subject_id}:${r.year}`),
          );
        const anomalies = await keys('1, 2, 5');
        // summed here: SQLite's total() has no PostgreSQL twin
        const sums = new Map<string, { declared: number; paid: number }>();
        const positions = await t.rows<{ id: number; subject_id: number; year: number; due: number }>(
          `SELECT p.id, p.subject_id, p.year, p.due FROM imu_positions p JOIN units u ON u.id = p.unit_id
        WHERE u.building_id = ?`,
          truth.building_id,
        );
        const payments = await t.rows<{ position_id: number; amount: number }>(
          `SELECT m.position_id, m.amount FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id
        JOIN units u ON u.id = p.unit_id WHERE u.building_id = ?`,
          truth.building_id,
        );
        for (const p of positions) {
          const k = `${p.subject_id}:${p.year}`;
          const sum = sums.get(k) ?? { declared: 0, paid: 0 };
          sum.declared += p.due;
          for (const m of payments) if (m.position_id === p.id) sum.paid += m.amount;
          sums.set(k, sum);
        }
        expect(body.tributi.imu.length).toBeGreaterThan(0);
        for (const line of body.tributi.imu as {
          subject_id: number;
          year: number;
          computed: number;
          declared: number;
          paid: number;
          difference: number;
        }[]) {
          const k = `${line.subject_id}:${line.year}`;
          expect(line.declared, k).toBeCloseTo(sums.get(k)?.declared ?? 0, 2);
          expect(line.paid, k).toBeCloseTo(sums.get(k)?.paid ?? 0, 2);
          expect(line.difference, k).toBe(Math.round((line.paid - line.computed) * 100) / 100);
          if (!anomalies.has(k)) expect([line.difference, line.computed], k).toEqual([0, line.declared]);
        }
        const under = body.tributi.imu.find(
          (l: { subject_id: number; year: number }) => l.subject_id === truth.subject_id && l.year === truth.year,
        );
        expect(under.computed).toBe(under.declared);
        expect(under.difference).toBeLessThan(0);
        expect(under.objects[0]).toMatchObject({
          months: expect.any(Number),
          base: expect.any(Number),
          rate_percent: expect.any(Number),
        });
        expect(under.objects[0].steps.some((s: { rule: string }) => s.rule === 'L. 160/2019 c. 761')).toBe(true);
        const low = await keys('3');
        for (const line of body.tributi.tari as {
          subject_id: number;
          year: number;
          computed: number;
          paid: number;
          difference: number;
        }[]) {
          const k = `${line.subject_id}:${line.year}`;
          if (low.has(k)) expect(line.difference, k).toBeLessThan(0);
          else expect(line.difference, k).toBe(0);
          expect(line.computed, k).toBeGreaterThan(0);
        }
      },
    );

    it('does not let anyone read another comune, nor unknown or malformed ids', async () => {
      expect((await read('urbanista', cesanoId)).res.status).toBe(404);
      expect((await read('cesano', cesanoId)).res.status).toBe(200);
      expect((await read('cesano', id)).res.status).toBe(404);
      expect((await read('admin', cesanoId)).res.status).toBe(200);
      const cookie = await t.login('urbanista');
      const codes: string[] = [];
      for (const [path, status] of [
        ['/api/buildings/99999999', 404],
        ['/api/buildings/abc', 400],
        ['/api/buildings/1e3', 400],
        ['/api/buildings/-1', 400],
        ["/api/buildings/1'%20OR%201=1", 400],
      ] as const) {
        const res = await t.request(path, { cookie });
        expect(res.status, path).toBe(status);
        codes.push((await res.json()).error.code);
      }
      expect(codes).toEqual(['not_found', 'bad_request', 'bad_request', 'bad_request', 'bad_request']);
    });
  });

  describe('editing a building', () => {
    const patch = async (user: string, body: unknown, etag?: string, bid = id, raw?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (etag) headers['if-match'] = etag;
      return t.request(`/api/buildings/${bid}`, {
        method: 'PATCH',
        cookie: await t.login(user),
        headers,
        body: raw ?? JSON.stringify(body),
      });
    };
    const etagOf = async (bid = id) =>
      (await t.request(`/api/buildings/${bid}`, { cookie: await t.login('admin') })).headers.get('etag')!;

    it('saves attributes and the note, bumps the ETag and records who, when, before and after', async () => {
      const etag = await etagOf();
      const current = (await t.row<{ floors_above: number; use: string }>(
        'SELECT floors_above, use FROM buildings WHERE id = ?',
        id,
      ))!;
      const floors = current.floors_above + 1;
      const use = current.use === 'misto' ? 'residenziale' : 'misto';
      const res = await patch('urbanista', { note: 'Verificato in sopralluogo', floors_above: floors, use }, etag);
      expect(res.status).toBe(200);
      const newEtag = res.headers.get('etag');
      expect(newEtag).not.toBe(etag);
      const body = await res.json();
      expect(body).toMatchObject({ note: 'Verificato in sopralluogo', floors_above: floors, use });
      const history = await (
        await t.request(`/api/buildings/${id}/history`, { cookie: await t.login('consultazione') })
      ).json();
      expect(history[0].username).toBe('urbanista');
      expect(history[0].after).toEqual({ note: 'Verificato in sopralluogo', floors_above: floors, use });
      expect(history[0].before).toEqual({ note: '', floors_above: current.floors_above, use: current.use });
      expect(Date.parse(history[0].at)).toBeGreaterThan(0);
      expect((await read('consultazione')).body.building.note).toBe('Verificato in sopralluogo');
    });

    it('requires If-Match (428) and refuses a stale one (412), changing nothing', async () => {
      const before = await t.snapshot();
      expect((await patch('urbanista', { note: 'x' })).status).toBe(428);
      const res = await patch('urbanista', { note: 'x' }, '"b1-v0"');
      expect(res.status).toBe(412);
      expect((await res.json()).error.code).toBe('stale_version');
      // the precondition comes before the content: stale and invalid is still 412
      const staleAndBad = await patch('urbanista', { height: -3 }, '"b1-v0"');
      expect([staleAndBad.status, (await staleAndBad.json()).error.code]).toEqual([412, 'stale_version']);
      // `*` would match any version: no way around the lost-update check
      const star = await patch('urbanista', { note: 'x' }, '*');
      expect([star.status, (await star.json()).error.code]).toEqual([428, 'precondition_required']);
      expect(await t.snapshot()).toBe(before);
    });

    it('never loses an update: of two edits from the same version, one wins and the other gets 412', async () => {
      const etag = await etagOf();
      const [a, b] = await Promise.all([
        patch('urbanista', { note: 'prima' }, etag),
        patch('admin', { note: 'seconda' }, etag),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = a.status === 200 ? 'prima' : 'seconda';
      expect((await read('admin')).body.building.note).toBe(winner);
    });

    it('refuses roles that may not edit, and other comuni', async () => {
      const etag = await etagOf();
      expect((await patch('consultazione', { note: 'x' }, etag)).status).toBe(403);
      expect((await patch('tributi', { note: 'x' }, etag)).status).toBe(403);
      expect((await patch('cesano', { note: 'x' }, etag)).status).toBe(404);
      expect((await patch('urbanista', { note: 'x' }, await etagOf(cesanoId), cesanoId)).status).toBe(404);
    });

    it(
      'explains invalid fields (422, field by field), malformed JSON (400), oversized bodies (413); ' +
        'nothing changes',
      async () => {
        const etag = await etagOf();
        const before = await t.snapshot();
        const bad = await patch(
          'urbanista',
          { height: -3, floors_above: 2.5, year_built: 3000, use: 'castello', note: 7, colour: 'red' },
          etag,
        );
        expect(bad.status).toBe(422);
        const details = (await bad.json()).error.details as { path: string; message: string }[];
        for (const p of ['height', 'floors_above', 'year_built', 'use', 'note'])
          expect(
            details.map((d) => d.path),
            p,
          ).toContain(p);
        expect(details.some((d) => /colour/.test(d.message) || d.path === 'colour' || d.path === '(corpo)')).toBe(true);
        expect((await patch('urbanista', {}, etag)).status).toBe(422);
        expect((await patch('urbanista', null, etag)).status).toBe(422);
        const malformed = await patch('urbanista', undefined, etag, id, '{"note": "x"');
        expect(malformed.status).toBe(400);
        // where the JSON broke, in Italian; never the engine's English message
        expect((await malformed.json()).error).toEqual({
          code: 'bad_request',
          message: 'JSON non valido',
          details: { reason: 'sintassi JSON non valida', position: 12, line: 1, column: 13 },
        });
        expect(
          (await patch('urbanista', undefined, etag, id, JSON.stringify({ note: 'x'.repeat(MAX_BODY_BYTES) }))).status,
        ).toBe(413);
        expect((await patch('urbanista', { note: 'x'.repeat(4001) }, etag)).status).toBe(422);
        expect(await t.snapshot()).toBe(before);
      },
    );

    it(
      'validates a new footprint: refuses a self-intersection with reason and location, ' + 'accepts a valid one',
      async () => {
        const etag = await etagOf();
        const before = await t.snapshot();
        const b = await bboxOf(id);
        const bowtie = {
          type: 'Polygon',
          coordinates: [
            [
              [b.minx, b.miny],
              [b.maxx, b.maxy],
              [b.maxx, b.miny],
              [b.minx, b.maxy],
              [b.minx, b.miny],
            ],
          ],
        };
        const res = await patch('urbanista', { footprint: bowtie }, etag);
        expect(res.status).toBe(422);
        const d = (await res.json()).error.details[0];
        expect(d).toMatchObject({ path: 'footprint', reason: 'self-intersection' });
        expect(d.location[0]).toBeCloseTo((b.minx + b.maxx) / 2, 6);
        for (const g of [
          {
            type: 'Polygon',
            coordinates: [
              [
                [b.minx, b.miny],
                [b.maxx, b.miny],
                [b.maxx, b.maxy],
              ],
            ],
          },
          { type: 'Point', coordinates: [9, 45] },
          'POLYGON((0 0))',
        ]) {
          expect((await patch('urbanista', { footprint: g }, etag)).status).toBe(422);
        }
        expect(await t.snapshot()).toBe(before);

        const shrink = 0.25;
        const w = (b.maxx - b.minx) * shrink,
          h = (b.maxy - b.miny) * shrink;
        const square = [
          [b.minx + w, b.miny + h],
          [b.minx + w, b.maxy - h],
          [b.maxx - w, b.maxy - h],
          [b.maxx - w, b.miny + h],
          [b.minx + w, b.miny + h],
        ]; // clockwise: rewound on save
        const ok = await patch('urbanista', { footprint: { type: 'Polygon', coordinates: [square] } }, etag);
        expect(ok.status).toBe(200);
        const saved = await bboxOf(id);
        expect(saved.minx).toBeCloseTo(b.minx + w, 5);
        expect(saved.maxx).toBeCloseTo(b.maxx - w, 5);
        if (engine === 'sqlite') {
          // the spatial index follows the footprint, or the map would look for it where it was
          const rtree = (await t.row<Bbox>('SELECT minx, maxx FROM buildings_rtree WHERE id = ?', id))!;
          expect(rtree.minx).toBeCloseTo(b.minx + w, 5);
          expect(rtree.maxx).toBeCloseTo(b.maxx - w, 5);
        }
      },
    );

    it('refuses a footprint drawn over a neighbour, naming it with the shared area and where it is', async () => {
      const etag = await etagOf();
      const before = await t.snapshot();
      const other = (await t.row<{ id: number; code: string; geom: string }>(
        `SELECT id, code, ${geojson} FROM buildings WHERE comune = 'E617' AND id <> ? AND status <> 'demolito'
      ORDER BY id LIMIT 1`,
        id,
      ))!;
      const theirs = JSON.parse(other.geom) as { type: string; coordinates: [number, number][][] };
      const res = await patch(
        'urbanista',
        { footprint: { type: 'Polygon', coordinates: [theirs.coordinates[0]] } },
        etag,
      );
      expect(res.status).toBe(422);
      const error = (await res.json()).error;
      expect(error.message).toBe("L'impronta si sovrappone ad altri edifici");
      const d = error.details.find((x: { building: { id: number } }) => x.building.id === other.id);
      expect(d).toMatchObject({ path: 'footprint', reason: 'overlap', building: { id: other.id, code: other.code } });
      expect(d.message).toMatch(new RegExp(`^si sovrappone per \\d+(,\\d)? m² all'edificio ${other.code}$`));
      expect(d.overlap.type).toMatch(/^(Multi)?Polygon$/);
      const xs = theirs.coordinates[0]!.map((p) => p[0]);
      expect(d.location[0]).toBeGreaterThanOrEqual(Math.min(...xs));
      expect(d.location[0]).toBeLessThanOrEqual(Math.max(...xs));
      expect(await t.snapshot()).toBe(before);
    });
  });
});
