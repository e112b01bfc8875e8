import { Hono } from 'hono';
import { forbidden, HttpError, notFound, unauthorized } from '../errors/http-error.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { mayViewLayer } from '../policy/policy.ts';
import type { EngineTile } from '../store/store.ts';
import { encodeTile } from './mvt-encode.ts';
import { type EncodedTile, encodedTile, type TileCache, tileKey } from './tile-cache.ts';
import { isValidTile } from './tile-math.ts';
import { EXTENT } from './to-tile.ts';

const encode = (name: string, features: Parameters<typeof encodeTile>[0][number]['features']) =>
  encodeTile([{ name, extent: EXTENT, features }]) as Uint8Array<ArrayBuffer>;

export function tileRoutes({ store, layers }: Deps, cache: TileCache) {
  const app = new Hono<AppEnv>();
  app.get('/tiles/:layer/:z/:x/:y', async (c) => {
    const layer = layers.byId.get(c.req.param('layer'));
    if (!layer) throw notFound(`Layer sconosciuto: ${c.req.param('layer')}`);
    const user = c.get('user');
    if (!user && !layer.public) throw unauthorized();
    if (!mayViewLayer(user, layer))
      throw forbidden(`Il layer ${layer.id} è riservato ai ruoli ${layer.roles?.join(', ')}`);
    const m = /^(\d+)\.mvt$/.exec(c.req.param('y'));
    const [z, x, y] = [Number(c.req.param('z')), Number(c.req.param('x')), m ? Number(m[1]) : NaN];
    if (!/^\d+$/.test(c.req.param('z')) || !/^\d+$/.test(c.req.param('x')) || !isValidTile(z, x, y)) {
      throw new HttpError(
        400,
        'bad_tile',
        'Coordinate di tile non valide: atteso /{z}/{x}/{y}.mvt con 0 ≤ z ≤ 22 e x, y < 2^z',
      );
    }
    const comuni = user ? user.comuni : null;
    // Encoded by the engine where it can (PostGIS), else here from the engine's features.
    const build = async (): Promise<EngineTile> => {
      if (z >= layer.minzoom && store.tileMvt) return store.tileMvt(layer.source, z, x, y, comuni, layer.id);
      const features = z < layer.minzoom ? [] : await store.tileFeatures(layer.source, z, x, y, comuni);
      return { bytes: encode(layer.id, features), features: features.length, firstId: features[0]?.id ?? null };
    };
    let tile: EncodedTile;
    if (layer.personal) {
      // Tiles of personal layers (tax positions per building) are personal reads, one log row per non-empty
      // tile: read every time, never kept.
      const built = await build();
      if (user && built.features) {
        await store.readLog.record(
          user,
          `tile:${layer.id}`,
          built.firstId!,
          `tile ${z}/${x}/${y}: ${built.features} oggetti`,
        );
      }
      tile = encodedTile(built.bytes as Uint8Array<ArrayBuffer>);
      c.header('Cache-Control', 'private, no-cache');
    } else {
      // Keyed by the comuni the requester sees: an anonymous visitor and each scope get their own tile.
      const key = tileKey(layer.id, z, x, y, comuni);
      const got = await cache.get(key, async () => (await build()).bytes as Uint8Array<ArrayBuffer>);
      tile = got.tile;
      c.header('X-Tile-Cache', got.hit ? 'hit' : 'miss');
      // Public layers: any cache may keep them, asking again (ETag) before each use.
      c.header('Cache-Control', 'public, no-cache');
    }
    c.header('ETag', tile.etag);
    c.header('Vary', 'Accept-Encoding, Cookie');
    if (c.req.header('if-none-match') === tile.etag) return c.body(null, 304);
    c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '') && tile.gzip) {
      c.header('Content-Encoding', 'gzip');
      return c.body(tile.gzip);
    }
    return c.body(tile.raw);
  });
  return app;
}
