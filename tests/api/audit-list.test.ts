// The worklist over HTTP: filters, keyset cursor, CSV, the dashboard's aggregates, and a run as a job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingDraft } from '../../server/store/audit.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

interface Item {
  id: number;
  rule: number;
  year: number;
  claimable_eur: number;
  foglio: string;
  state: string;
}

describe.each(ENGINES)('audit worklist (%s)', (engine) => {
  let t: EngineApp;
  let cookie: string;
  let drafts: FindingDraft[];
  // The bounding box of a row: columns on SQLite, computed from the geometry on PostgreSQL.
  const bboxColumns =
    engine === 'sqlite'
      ? 'minx, miny, maxx, maxy'
      : 'ST_XMin(geom) AS minx, ST_YMin(geom) AS miny, ST_XMax(geom) AS maxx, ST_YMax(geom) AS maxy';
  const reads = async () =>
    (await t.row<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM personal_data_reads'))!.n;

  beforeAll(async () => {
    t = await makeEngineApp(engine);
    cookie = await t.login('tributi');
    const units = await t.rows<{ id: number; building_id: number }>(
      `SELECT u.id, u.building_id FROM units u WHERE u.comune = 'E617' ORDER BY u.id LIMIT 12`,
    );
    // Two findings share an amount, so that the cursor has a tie to break by id.
    drafts = units.map(
      (u, i): FindingDraft => ({
        rule: 1 + (i % 3),
        year: 2022 + (i % 2),
        unit_id: u.id,
        building_id: u.building_id,
        parcel_id: null,
        subject_id: null,
        amount_eur: 100 * i,
        claimable_eur: i === 5 ? 400 : 100 * i + 12.5,
        evidence: { summary: `unità ${u.id}`, codice_fiscale: 'X' },
        steps: [],
      }),
    );
    const { audit } = t.store;
    await t.store.withComuni('all', async () => {
      const run = await audit.createRun(null, 'E617', [2022, 2023], '2026-12-02');
      await audit.saveFindings(run.id, 'E617', drafts);
      await audit.updateRun(run.id, { status: 'done', progress: 1 });
    });
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await t.request(`/api/audit/findings?${query}`, { cookie });
    return { status: res.status, body: (await res.json()) as { items: Item[]; next: string | null } };
  };

  describe('findings list', () => {
    it('pages by claimable € then id with a cursor, every finding once', async () => {
      const seen: Item[] = [];
      let next: string | null = null;
      do {
        const { status, body } = await list(`comune=E617&limit=5${next ? `&cursor=${next}` : ''}`);
        expect(status).toBe(200);
        seen.push(...body.items);
        next = body.next;
      } while (next);
      expect(seen.length).toBe(drafts.length);
      const expected = [...seen].sort((a, b) => b.claimable_eur - a.claimable_eur || a.id - b.id);
      expect(seen.map((i) => i.id)).toEqual(expected.map((i) => i.id));
      expect(Object.keys(seen[0]!)).toEqual(
        expect.arrayContaining([
          'id',
          'rule',
          'year',
          'unit_id',
          'building_id',
          'parcel_id',
          'subject_id',
          'amount_eur',
          'claimable_eur',
          'state',
          'assignee',
          'evidence',
        ]),
      );
      expect(seen[0]).not.toHaveProperty('steps');
    });

    it('filters by rule, year, state, minimum €, foglio and area', async () => {
      expect((await list('comune=E617&rule=2')).body.items.map((i) => i.rule)).toEqual([2, 2, 2, 2]);
      expect((await list('comune=E617&year=2023')).body.items.length).toBe(6);
      expect((await list('comune=E617&min_eur=1100')).body.items.map((i) => i.claimable_eur)).toEqual([1112.5]);
      expect((await list('comune=E617&state=in_istruttoria')).body.items).toEqual([]);
      expect((await list('comune=E617&assignee=')).body.items.length).toBe(drafts.length);
      const first = (await list('comune=E617&limit=1')).body.items[0]!;
      const byFoglio = (await list(`comune=E617&foglio=${first.foglio}`)).body.items;
      expect(byFoglio.length).toBeGreaterThan(0);
      expect(byFoglio.every((i) => i.foglio === first.foglio)).toBe(true);
      const b = (await t.row<{ minx: number; miny: number; maxx: number; maxy: number }>(
        `SELECT ${bboxColumns} FROM buildings WHERE id = (SELECT building_id FROM audit_findings WHERE id = ?)`,
        first.id,
      ))!;
      const inBox = (await list(`comune=E617&bbox=${b.minx},${b.miny},${b.maxx},${b.maxy}`)).body.items;
      expect(inBox.map((i) => i.id)).toContain(first.id);
      expect(inBox.length).toBeLessThan(drafts.length);
    });

    it('answers 422 naming the field for bad filters and cursors', async () => {
      for (const [query, path] of [
        ['comune=E617&rule=9', 'rule'],
        ['comune=E617&bbox=1,2,3', 'bbox'],
        ['comune=E617&bbox=9.3,45.6,9.2,45.7', 'bbox'],
        ['comune=E617&bbox=9.2,NaN,9.3,45.7', 'bbox'],
        ['comune=E617&bbox=9.2,,9.3,45.7', 'bbox'],
        ['comune=E617&bbox=-74.1,40.6,-73.9,40.8', 'bbox'],
        ['comune=E617&state=chiuso', 'state'],
        ['comune=E617&cursor=abc', 'cursor'],
        ['comune=E617&limit=0', 'limit'],
        ['comune=E617&colour=red', 'colour'],
      ] as const) {
        const { status, body } = await list(query);
        expect(status, query).toBe(422);
        expect((body as unknown as { error: { details: { path: string }[] } }).error.details[0]!.path, query).toBe(
          path,
        );
      }
    });

    it('exports the filtered list as CSV, logged as one read', async () => {
      const before = await reads();
      const res = await t.request('/api/audit/findings.csv?comune=E617&rule=1', { cookie });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const lines = (await res.text()).trim().split('\n');
      expect(lines[0]).toBe(
        'id,regola,anno,foglio,unita,edificio,particella,soggetto,codice_fiscale,' +
          'importo_eur,recuperabile_eur,stato,assegnatario,descrizione',
      );
      expect(lines.length).toBe(1 + 4);
      expect(lines.slice(1).every((l) => l.split(',')[1] === '1')).toBe(true);
      expect(await reads()).toBe(before + 1);
      expect(
        (await t.request('/api/audit/findings.csv?comune=E617', { cookie: await t.login('urbanista') })).status,
      ).toBe(403);
    });

    it('sums claimable € by rule, year, foglio and state for the dashboard', async () => {
      const res = await t.request('/api/audit/summary?comune=E617', { cookie });
      expect(res.status).toBe(200);
      const s = await res.json();
      const total = drafts.reduce((a, d) => a + d.claimable_eur, 0);
      const sum = (xs: { claimable_eur: number }[]) =>
        Math.round(xs.reduce((a, x) => a + x.claimable_eur, 0) * 100) / 100;
      expect(sum(s.by_rule)).toBe(total);
      expect(sum(s.by_year)).toBe(total);
      expect(sum(s.by_foglio)).toBe(total);
      expect(s.by_rule.map((r: { key: number; findings: number }) => [r.key, r.findings])).toEqual([
        [1, 4],
        [2, 4],
        [3, 4],
      ]);
      expect(s.by_state).toEqual([{ key: 'da_verificare', findings: 12, claimable_eur: total }]);
      expect(s.last_run).toMatchObject({ comune: 'E617', status: 'done', years: [2022, 2023] });
    });
  });

  describe('audit runs', () => {
    it('runs the audit as a job with progress, for tributi and admin of the comune only', async () => {
      const refused = await t.request('/api/audit/runs', {
        method: 'POST',
        cookie,
        json: { comune: 'E617', years: [2019] },
      });
      expect(refused.status).toBe(422);
      expect((await refused.json()).error.details[0].path).toBe('years.0');
      expect((await t.request('/api/audit/runs', { method: 'POST', cookie, json: { comune: 'C566' } })).status).toBe(
        404,
      );
      const res = await t.request('/api/audit/runs', { method: 'POST', cookie, json: { comune: 'E617' } });
      expect(res.status).toBe(202);
      const run = await res.json();
      expect(res.headers.get('location')).toBe(`/api/audit/runs/${run.id}`);
      expect(run.years.length).toBe(6);
      const second = await t.request('/api/audit/runs', { method: 'POST', cookie, json: { comune: 'E617' } });
      expect(second.status).toBe(409);
      expect((await second.json()).error).toMatchObject({ code: 'run_in_progress', details: { run: run.id } });
      // Polled until it ends, for up to a minute: the run is a worker thread, slow on a loaded machine.
      let polled = run;
      for (const t0 = Date.now(); polled.status === 'running' && Date.now() - t0 < 60_000; ) {
        await new Promise((r) => setTimeout(r, 25));
        polled = await (await t.request(`/api/audit/runs/${run.id}`, { cookie })).json();
      }
      expect(polled.status).toBe('done');
      expect(polled.progress).toBe(1);
      expect(polled.summary.tally.length).toBeGreaterThan(0);
      const cesano = await t.request(`/api/audit/runs/${run.id}`, { cookie: await t.login('cesano') });
      expect(cesano.status).toBe(403);
    }, 90_000);

    it('documents the audit API in the OpenAPI document', async () => {
      const doc = await (await t.request('/api/openapi.json')).json();
      for (const p of [
        '/api/audit/runs',
        '/api/audit/runs/{id}',
        '/api/audit/findings',
        '/api/audit/findings.csv',
        '/api/audit/findings/{id}',
        '/api/audit/findings/{id}/history',
        '/api/audit/findings/bulk-assign',
        '/api/audit/summary',
      ])
        expect(doc.paths[p], p).toBeDefined();
      expect(doc.paths['/api/audit/findings/{id}'].patch.responses).toHaveProperty('428');
      expect(doc.components.schemas.FindingPatch.properties.state.enum).toContain('archiviato');
    });
  });
});
