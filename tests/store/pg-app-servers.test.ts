// Several app servers on one PostgreSQL database (a region's installation behind a load balancer): what one
// server writes, the other reads at once — sessions, edits, jobs — and its tile cache drops the tiles an edit
// touched when the change's NOTIFY arrives, without polling the database.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadLayers } from '../../server/layers/registry.ts';
import type { OpenStore } from '../../server/store/open-store.ts';
import { scopedPool } from '../../server/store/postgres/scoped-pool.ts';
import { postgresStore } from '../../server/store/postgres-store.ts';
import { type SeededPostgres, seededPostgres } from '../helpers/pg-seeded.ts';
import { pgUrl } from '../helpers/pg-url.ts';
import { appClient, ROOT } from '../helpers/test-app.ts';
import { decodeTile, tileOf } from '../helpers/tiles.ts';

const admin = pgUrl();

describe.skipIf(!admin)('two app servers on one PostgreSQL database', () => {
  let seeded: SeededPostgres;
  const opened: OpenStore[] = [];
  let a: ReturnType<typeof appClient>;
  let b: ReturnType<typeof appClient>;
  let building: { id: number; lon: number; lat: number };

  async function server() {
    const o = await postgresStore(scopedPool(seeded.url, { fallback: [] }));
    opened.push(o);
    const app = createApp({
      store: o.store,
      engine: { kind: 'postgres', url: seeded.url },
      dataDir: ROOT,
      layers: loadLayers(join(ROOT, 'layers')),
    });
    return appClient(app);
  }

  beforeAll(async () => {
    seeded = await seededPostgres(admin!);
    a = await server();
    b = await server();
    const { rows } = await seeded.pool.query<{ id: number; lon: number; lat: number }>(
      `SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
       FROM buildings WHERE comune = 'E617' AND use = 'residenziale' ORDER BY id LIMIT 1`,
    );
    building = rows[0]!;
  });
  afterAll(async () => {
    for (const o of opened) await o.close();
    await seeded?.close();
  });

  it('takes a session opened on one server on the other, and a logout on the other ends it on the first', async () => {
    const cookie = await a.login('urbanista');
    expect((await b.request('/api/me', { cookie })).status).toBe(200);
    expect((await b.request('/api/session', { method: 'DELETE', cookie })).status).toBe(204);
    const res = await a.request('/api/me', { cookie });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('shows an edit made on one server in the other’s dossier, and in a fresh tile from its warm cache', async () => {
    const [z, x, y] = tileOf(building.lon, building.lat, 16);
    const tile = `/api/tiles/buildings/${z}/${x}/${y}.mvt`;
    const useInTile = async () => {
      const layer = (await decodeTile(await b.request(tile))).layers.buildings!;
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        if (f.id === building.id) return f.properties.use;
      }
      return undefined;
    };
    expect(await useInTile()).toBe('residenziale'); // now warm in b's cache
    const cookie = await a.login('urbanista');
    const dossier = await a.request(`/api/buildings/${building.id}`, { cookie });
    const patched = await a.request(`/api/buildings/${building.id}`, {
      method: 'PATCH',
      cookie,
      json: { use: 'servizi' },
      headers: { 'if-match': dossier.headers.get('etag')! },
    });
    expect(patched.status).toBe(200);
    const read = await (
      await b.request(`/api/buildings/${building.id}`, { cookie: await b.login('urbanista') })
    ).json();
    expect(read.building.use).toBe('servizi');
    // The NOTIFY travels to b's listening connection asynchronously: wait for it, a bounded time.
    const t0 = Date.now();
    let use = await useInTile();
    while (use !== 'servizi' && Date.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 20));
      use = await useInTile();
    }
    expect(use).toBe('servizi');
  });

  it('follows a job created by one server from the other', async () => {
    const [sa, sb] = opened.map((o) => o.store);
    const id = await sa!.jobs.create({ kind: 'import', userId: 1, username: 'admin', comune: 'E617', params: {} });
    await sa!.jobs.update(id, { status: 'running', progress: 0.5 });
    expect(await sb!.jobs.get(id)).toMatchObject({ id, status: 'running', progress: 0.5, comune: 'E617' });
  });
});
