import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadLayers } from '../../server/layers/registry.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';
import { ROOT } from '../helpers/test-app.ts';
import { decodeTile, tileOf } from '../helpers/tiles.ts';

type Box = { minx: number; miny: number; maxx: number; maxy: number };

describe.each(ENGINES)('vector tiles (%s)', (engine) => {
  let t: EngineApp;
  let centre: [number, number];
  let buildingId: number;
  /** A building's box: columns of its own on SQLite, PostGIS's of its geometry on PostgreSQL. */
  const BOX =
    engine === 'sqlite'
      ? 'minx, miny, maxx, maxy'
      : 'ST_XMin(geom) AS minx, ST_YMin(geom) AS miny, ST_XMax(geom) AS maxx, ST_YMax(geom) AS maxy';
  beforeAll(async () => {
    t = await makeEngineApp(engine);
    const b = (await t.row<Box & { id: number }>(
      `SELECT id, ${BOX} FROM buildings WHERE comune = 'E617' ORDER BY id LIMIT 1`,
    ))!;
    buildingId = b.id;
    centre = [(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2];
  });
  afterAll(() => t.close());

  const url = (layer: string, z: number) => {
    const [zz, x, y] = tileOf(centre[0], centre[1], z);
    return `/api/tiles/${layer}/${zz}/${x}/${y}.mvt`;
  };

  it('serves public layers without a session, with the building ids and properties', async () => {
    const res = await t.request(url('buildings', 16));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const tile = await decodeTile(res);
    const layer = tile.layers.buildings!;
    const ids = Array.from({ length: layer.length }, (_, i) => layer.feature(i).id);
    expect(ids).toContain(buildingId);
    const f = layer.feature(ids.indexOf(buildingId));
    expect(f.properties.code).toMatch(/^E617-\d{6}$/);
    expect(f.type).toBe(3);
  });

  it('labels parcels with foglio and particella', async () => {
    const tile = await decodeTile(await t.request(url('parcels', 17)));
    const f = tile.layers.parcels!.feature(0);
    expect(f.properties).toHaveProperty('foglio');
    expect(f.properties).toHaveProperty('particella');
  });

  it('keeps to each overlay layer the kinds its definition names (zoning, hazards, constraints)', async () => {
    const cookie = await t.login('urbanista');
    const kinds = new Map(
      (await t.rows<{ id: number; kind: string }>('SELECT id, kind FROM overlays')).map((o) => [o.id, o.kind]),
    );
    for (const [layer, allowed] of [
      ['zoning', ['zoning']],
      ['hazards', ['flood', 'landslide']],
    ] as const) {
      const tile = await decodeTile(await t.request(url(layer, 13), { cookie }));
      const l = tile.layers[layer]!;
      expect(l.length, layer).toBeGreaterThan(0);
      const found = new Set(Array.from({ length: l.length }, (_, i) => kinds.get(l.feature(i).id!)));
      expect(
        [...found].every((k) => (allowed as readonly (string | undefined)[]).includes(k)),
        layer,
      ).toBe(true);
    }
  });

  it('draws the real boundary of the comune', async () => {
    const tile = await decodeTile(await t.request(url('boundaries', 11)));
    const names = Array.from(
      { length: tile.layers.boundaries!.length },
      (_, i) => tile.layers.boundaries!.feature(i).properties.name,
    );
    expect(names).toContain('Lissone');
  });

  // SQLite's spatial index of the boundaries (PostgreSQL's is a GiST index on comuni.geom).
  it.runIf(engine === 'sqlite')('keeps the boundaries of the comuni in their own R*Tree', async () => {
    expect((await t.row<{ n: number }>('SELECT count(*) n FROM comuni_rtree'))!.n).toBe(2);
  });

  it('compresses with gzip when accepted and answers 304 to a matching ETag', async () => {
    const plain = await t.request(url('parcels', 16));
    const etag = plain.headers.get('etag')!;
    const gz = await t.request(url('parcels', 16), { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('etag')).toBe(etag);
    expect((await decodeTile(gz)).layers.parcels!.length).toBe((await decodeTile(plain)).layers.parcels!.length);
    const again = await t.request(url('parcels', 16), { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('returns an empty tile below the layer minzoom and outside the data', async () => {
    const low = await t.request(url('parcels', 10));
    expect(low.status).toBe(200);
    expect((await low.arrayBuffer()).byteLength).toBe(0);
    expect((await (await t.request('/api/tiles/parcels/16/0/0.mvt')).arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses bad coordinates and unknown layers with JSON 4xx', async () => {
    const codes: string[] = [];
    for (const [path, status] of [
      ['/api/tiles/parcels/23/0/0.mvt', 400],
      ['/api/tiles/parcels/2/4/0.mvt', 400],
      ['/api/tiles/parcels/2/1/1.png', 400],
      ['/api/tiles/parcels/-1/0/0.mvt', 400],
      ['/api/tiles/parcels/a/0/0.mvt', 400],
      ['/api/tiles/parcels/1.5/0/0.mvt', 400],
      ['/api/tiles/nope/1/0/0.mvt', 404],
      ["/api/tiles/parcels'--/1/0/0.mvt", 404],
    ] as const) {
      const res = await t.request(path);
      expect(res.status, path).toBe(status);
      codes.push((await res.json()).error.code);
    }
    expect(codes).toEqual([...Array(6).fill('bad_tile'), 'not_found', 'not_found']);
  });

  it('shows a logged-in user only the comuni of the user', async () => {
    const lissone = await decodeTile(await t.request(url('buildings', 16), { cookie: await t.login('urbanista') }));
    expect(lissone.layers.buildings!.length).toBeGreaterThan(0);
    const cesano = await decodeTile(await t.request(url('buildings', 16), { cookie: await t.login('cesano') }));
    expect(cesano.layers.buildings).toBeUndefined();
  });

  it('keeps a non-public layer from anonymous readers', async () => {
    const layers = loadLayers(join(ROOT, 'layers'));
    const hidden = { ...layers.byId.get('hazards')!, public: false };
    // A second app over the same store (the engine reference is only read by imports and exports).
    const app = createApp({
      store: t.store,
      engine: engine === 'sqlite' ? { kind: 'sqlite', path: '' } : { kind: 'postgres', url: '' },
      dataDir: t.dir,
      layers: {
        ...layers,
        layers: layers.layers.map((l) => (l.id === 'hazards' ? hidden : l)),
        byId: new Map([...layers.byId, ['hazards', hidden]]),
      },
    });
    expect((await app.request(url('hazards', 14))).status).toBe(401);
    const cookie = await t.login('consultazione');
    expect((await app.request(url('hazards', 14), { headers: { cookie } })).status).toBe(200);
  });

  /**
   * Waits, up to 2 s, until `done`. On PostgreSQL this server learns of a commit through LISTEN/NOTIFY
   * (server/store/postgres/tile-changes.ts): the notification reaches the feed's own connection a moment after the
   * commit, and the feed then reads the new rows of tile_changes, so a request made right after the commit may
   * still find the tile in the cache. A fixed sleep would be too short on a loaded machine and waste time on an
   * idle one; asking again until the change has arrived waits only as long as it takes. (On SQLite the cache sees
   * another connection's commit at the very next request: data_version has moved.)
   */
  const until = async <T>(attempt: () => Promise<T>, done: (r: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 2000;
    for (;;) {
      const r = await attempt();
      if (done(r) || Date.now() >= deadline) return r;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it(
    'serves a warm tile from memory, never a stale one after an edit (only the tiles over it are made anew) ' +
      'or another connection’s commit',
    async () => {
      const path = url('buildings', 17);
      await t.request(path); // whatever an earlier test left: now it is warm
      // a tile of the same layer far from the building, and one of another layer over it
      const far = (await t.row<Box>(
        `SELECT minx, miny, maxx, maxy FROM (SELECT id, ${BOX} FROM buildings WHERE comune = 'E617') b
          ORDER BY abs((minx + maxx) / 2 - ?) + abs((miny + maxy) / 2 - ?) DESC, id LIMIT 1`,
        centre[0],
        centre[1],
      ))!;
      const [fz, fx, fy] = tileOf((far.minx + far.maxx) / 2, (far.miny + far.maxy) / 2, 17);
      const farPath = `/api/tiles/buildings/${fz}/${fx}/${fy}.mvt`;
      const parcelsPath = url('parcels', 17);
      for (const p of [farPath, parcelsPath]) await t.request(p);
      const warm = await t.request(path);
      expect([warm.headers.get('x-tile-cache'), warm.headers.get('cache-control')]).toEqual([
        'hit',
        'public, no-cache',
      ]);
      const before = warm.headers.get('etag');

      // an edit through the server: the building moves a little, its tile is made anew
      const cookie = await t.login('urbanista');
      const read = await t.request(`/api/buildings/${buildingId}`, { cookie });
      const footprint = (await read.json()).building.footprint as { type: 'Polygon'; coordinates: number[][][] };
      const moved = {
        ...footprint,
        coordinates: footprint.coordinates.map((r) => r.map(([x, y]) => [x! + 0.000002, y!])),
      };
      const logged = t.store.tileChanges.last();
      const edit = await t.request(`/api/buildings/${buildingId}`, {
        method: 'PATCH',
        cookie,
        headers: { 'if-match': read.headers.get('etag')! },
        json: { footprint: moved },
      });
      expect(edit.status).toBe(200);
      const after = await t.request(path);
      expect(after.headers.get('x-tile-cache')).toBe('miss');
      expect(after.headers.get('etag')).not.toBe(before);
      // precisely: the edit drops only the buildings' tiles over the building
      expect((await t.request(farPath)).headers.get('x-tile-cache')).toBe('hit');
      expect((await t.request(parcelsPath)).headers.get('x-tile-cache')).toBe('hit');
      // The change log records this server's own edit too. PostgreSQL's feed hears of it a moment after the commit
      // (the trigger's NOTIFY), and the cache then drops the tiles over the building once more: wait until it has
      // (`until` above), and warm the tile again, so that what follows starts from a warm cache. SQLite's feed
      // has it at once (the same connection wrote it) and applies it at the next commit of another connection.
      await until(
        async () => t.store.tileChanges.last(),
        (last) => last > logged,
      );
      await t.request(path);

      // another connection's commit (another web process, an import's worker, the command line, plain SQL):
      // the database logs where the map changed, and only those tiles are made anew
      expect((await t.request(path)).headers.get('x-tile-cache')).toBe('hit');
      await t.exec("UPDATE comune_tax_settings SET interest_spread = interest_spread WHERE comune = 'E617'");
      // Nothing the map shows. (On PostgreSQL a wrongly logged change could arrive later: the far and parcels
      // tiles below, still warm once the feed has read the later commit, rule that out too.)
      expect((await t.request(path)).headers.get('x-tile-cache')).toBe('hit');
      await t.exec("UPDATE buildings SET use = 'servizi' WHERE id = ?", buildingId);
      const fresh = await until(
        () => t.request(path),
        (res) => res.headers.get('x-tile-cache') !== 'hit',
      );
      expect(fresh.headers.get('x-tile-cache')).toBe('miss');
      expect((await t.request(farPath)).headers.get('x-tile-cache')).toBe('hit');
      expect((await t.request(parcelsPath)).headers.get('x-tile-cache')).toBe('hit');
      const tile = await decodeTile(fresh);
      const layer = tile.layers.buildings!;
      const ids = Array.from({ length: layer.length }, (_, i) => layer.feature(i).id);
      expect(layer.feature(ids.indexOf(buildingId)).properties.use).toBe('servizi');
    },
  );
});
